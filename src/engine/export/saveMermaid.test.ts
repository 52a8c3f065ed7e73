import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FlowWeaverError } from '../model/errors.ts';
import { exportMermaid } from './exportMermaid.ts';
import { saveMermaid } from './saveMermaid.ts';
import { ETL } from './mermaidTestFixtures.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fw-save-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('saveMermaid (Node)', () => {
  it('writes the export to the path and returns it', async () => {
    const file = join(dir, 'etl.mmd');
    await expect(saveMermaid(ETL, file, { orientation: 'LR' })).resolves.toBe(file);
    expect(await readFile(file, 'utf8')).toBe(exportMermaid(ETL, { orientation: 'LR' }));
  });

  it('needs a path in Node', async () => {
    await expect(saveMermaid(ETL)).rejects.toThrow(FlowWeaverError);
  });

  it('validates the orientation before writing', async () => {
    await expect(saveMermaid(ETL, join(dir, 'x.mmd'), { orientation: 'up' })).rejects.toThrow(
      /must be one of/,
    );
  });
});
