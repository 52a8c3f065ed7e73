import { describe, expect, it } from 'vitest';
import { decodeMermaidFragment, encodeMermaidFragment } from './mermaidFragment.ts';
import { exportMermaid } from './exportMermaid.ts';
import { doc } from './mermaidTestFixtures.ts';

describe('mermaid URL fragment', () => {
  it('round-trips UTF-8 text compressed, in URL-safe characters', async () => {
    const payload = {
      text: exportMermaid(doc('ünïcode 🚀', [['déploiement 🚀', []]])),
      title: 'ünïcode 🚀',
      descriptions: { t0: 'first "step"' },
    };
    const fragment = await encodeMermaidFragment(payload);
    expect(fragment).toMatch(/^z=[A-Za-z0-9_-]+$/);
    await expect(decodeMermaidFragment(`#${fragment}`)).resolves.toEqual(payload);
  });

  it('compresses a large diagram well', async () => {
    const tasks: [string, string[]][] = [];
    for (let i = 0; i < 1_000; i++) tasks.push([`task_${i}`, i ? [`task_${i - 1}`] : []]);
    const text = exportMermaid(doc('big', tasks));
    const fragment = await encodeMermaidFragment({ text });
    expect(fragment.length).toBeLessThan(text.length / 2);
  });

  it.each(['', '#', '#x=abc', '#z=!!!', '#z=AAAA', '#j=' + btoa('{"text":1}')])(
    'rejects %j',
    async (fragment) => {
      await expect(decodeMermaidFragment(fragment)).resolves.toBeUndefined();
    },
  );

  it('drops description keys that are not node ids', async () => {
    const json = JSON.stringify({
      text: 'graph TD\n',
      descriptions: { t1: 'ok', __proto__x: 'no' },
    });
    const fragment = 'j=' + btoa(json).replace(/=+$/, '');
    await expect(decodeMermaidFragment(fragment)).resolves.toEqual({
      text: 'graph TD\n',
      descriptions: { t1: 'ok' },
    });
  });
});
