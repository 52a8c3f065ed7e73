import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { WorkflowDocument } from '../../engine/index.ts';
import { codeFingerprint, sha256Hex } from './fingerprint.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const nodeSha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

const doc = (tasks: WorkflowDocument['tasks'], extra: Partial<WorkflowDocument> = {}) =>
  ({
    format: 'flowweaver.workflow',
    version: 1,
    id: 'wf-1',
    name: 'Workflow',
    tasks,
    ...extra,
  }) as WorkflowDocument;

const base = doc([
  { name: 'load', code: 'return 1;', dependsOn: [] },
  { name: 'use', code: 'return load + 1;', dependsOn: ['load'], retries: 2 },
]);

describe('sha256Hex', () => {
  it('matches the FIPS 180-4 test vectors', () => {
    expect(sha256Hex(bytes(''))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(sha256Hex(bytes('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(sha256Hex(bytes('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it("agrees with Node's SHA-256 around every block boundary and on a long input", () => {
    for (let length = 0; length <= 200; length++) {
      const data = new Uint8Array(length).map((_, i) => (i * 31 + length) & 0xff);
      expect(sha256Hex(data)).toBe(nodeSha256(data));
    }
    const long = bytes('x'.repeat(1_000_003) + '€');
    expect(sha256Hex(long)).toBe(nodeSha256(long));
  });
});

describe('codeFingerprint', () => {
  it('is stable: the same tasks give the same fingerprint, whatever the key order', () => {
    const reordered = doc([
      { dependsOn: [], code: 'return 1;', name: 'load' },
      { retries: 2, dependsOn: ['load'], name: 'use', code: 'return load + 1;' },
    ]);
    expect(codeFingerprint(reordered)).toBe(codeFingerprint(base));
    expect(codeFingerprint(base)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ignores layout, descriptions and the workflow name, id and description', () => {
    const moved = doc(
      base.tasks.map((t, i) => ({ ...t, position: { x: i * 100, y: 5 }, description: 'a note' })),
      { id: 'wf-2', name: 'Other name', description: 'about it' },
    );
    expect(codeFingerprint(moved)).toBe(codeFingerprint(base));
  });

  it('changes with any task name, code, dependency, option or the task order', () => {
    const variants: WorkflowDocument['tasks'][] = [
      [base.tasks[0]!, { ...base.tasks[1]!, code: 'return load + 2;' }],
      [base.tasks[0]!, { ...base.tasks[1]!, code: 'return load + 1; ' }],
      [{ ...base.tasks[0]!, name: 'load2' }, base.tasks[1]!],
      [base.tasks[0]!, { ...base.tasks[1]!, dependsOn: [] }],
      [base.tasks[0]!, { ...base.tasks[1]!, retries: 3 }],
      [base.tasks[0]!, { ...base.tasks[1]!, timeoutMs: 1000 }],
      [base.tasks[0]!, { ...base.tasks[1]!, triggerRule: 'all_done' }],
      [base.tasks[1]!, base.tasks[0]!],
      [base.tasks[0]!],
    ];
    const seen = new Set([codeFingerprint(base)]);
    for (const tasks of variants) seen.add(codeFingerprint(doc(tasks)));
    expect(seen.size).toBe(variants.length + 1);
  });

  it('cannot be fooled by moving text between a name and its code', () => {
    const a = doc([{ name: 'a', code: 'bc', dependsOn: [] }]);
    const b = doc([{ name: 'ab', code: 'c', dependsOn: [] }]);
    expect(codeFingerprint(a)).not.toBe(codeFingerprint(b));
  });
});
