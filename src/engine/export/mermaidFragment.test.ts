import { describe, expect, it } from 'vitest';
import { packJson } from '../util/compactJson.ts';
import {
  decodeMermaidFragment,
  encodeMermaidFragment,
  parseMermaidViewPayload,
  VIEW_DAMAGED,
  VIEW_NO_DIAGRAM,
  VIEW_NOT_A_WORKFLOW,
  VIEW_TOO_LARGE,
  type MermaidViewPayload,
} from './mermaidFragment.ts';
import { buildMermaidViewPayload } from './mermaidViewPayload.ts';
import { doc, ETL } from './mermaidTestFixtures.ts';

/** Mermaid text a stranger could put in a link: links, a form, click lines, HTML labels. */
const PHISHING = [
  'graph TD',
  '    a["<b>Session expired</b>: sign in again"]',
  '    b["[Sign in](https://evil.example/login)"]',
  '    c["<form action=https://evil.example><input type=password></form>"]',
  '    click a "https://evil.example/login" "Sign in"',
  '    click b href "javascript:alert(1)"',
].join('\n');

const b64 = (json: unknown) =>
  'j=' + Buffer.from(JSON.stringify(json)).toString('base64url').replace(/=+$/, '');

describe('viewer fragment: round trip', () => {
  it('round-trips a workflow payload compressed, in URL-safe characters', async () => {
    const payload = buildMermaidViewPayload(
      doc('ünïcode 🚀', [
        ['déploiement 🚀', []],
        ['b', ['déploiement 🚀']],
      ]),
      { orientation: 'lr', statuses: { b: 'running' }, title: 'T' },
    );
    const fragment = await encodeMermaidFragment(payload);
    expect(fragment).toMatch(/^z=[A-Za-z0-9_-]+$/);
    await expect(decodeMermaidFragment(`#${fragment}`)).resolves.toEqual({
      ok: true,
      payload,
      problems: [],
    });
  });

  it('reads the uncompressed j= form too', async () => {
    const payload = buildMermaidViewPayload(ETL);
    await expect(decodeMermaidFragment(b64(payload))).resolves.toEqual({
      ok: true,
      payload,
      problems: [],
    });
  });

  it('compresses a large workflow well', async () => {
    const tasks: [string, string[]][] = [];
    for (let i = 0; i < 1_000; i++) tasks.push([`task_${i}`, i ? [`task_${i - 1}`] : []]);
    const payload = buildMermaidViewPayload(doc('big', tasks));
    const fragment = await encodeMermaidFragment(payload);
    expect(fragment.length).toBeLessThan(JSON.stringify(payload).length / 4);
  });
});

describe('viewer fragment: refusals', () => {
  it('says there is no diagram for an empty fragment', async () => {
    for (const fragment of ['', '#']) {
      await expect(decodeMermaidFragment(fragment)).resolves.toEqual({
        ok: false,
        reason: VIEW_NO_DIAGRAM,
      });
    }
  });

  it.each(['#z=!!!', '#z=AAAA', '#j=%%%'])('refuses the damaged fragment %j', async (fragment) => {
    await expect(decodeMermaidFragment(fragment)).resolves.toEqual({
      ok: false,
      reason: VIEW_DAMAGED,
    });
  });

  it('refuses raw Mermaid text with links, a form and click lines, in every wrapping', async () => {
    const fragments = [
      // The old payload shape: Mermaid text to render.
      `z=${await packJson({ text: PHISHING, title: 'Sign in' })}`,
      b64({ text: PHISHING }),
      // Raw text in the fragment, as is or URL-encoded.
      PHISHING,
      encodeURIComponent(PHISHING),
      // The new envelope with text smuggled beside a valid workflow.
      `z=${await packJson({ ...buildMermaidViewPayload(ETL), text: PHISHING })}`,
      // Mermaid text where the workflow should be.
      `z=${await packJson({ ...buildMermaidViewPayload(ETL), document: PHISHING })}`,
      'x=abc',
    ];
    for (const fragment of fragments) {
      const result = await decodeMermaidFragment(fragment);
      expect(result.ok, fragment.slice(0, 40)).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(/^Refused: /);
    }
  });

  it('refuses a workflow document that is not valid, naming its problem', async () => {
    const payload = buildMermaidViewPayload(ETL);
    const bad = {
      ...payload,
      document: { ...payload.document, tasks: [{ name: 'a', code: '', dependsOn: [], x: 1 }] },
    };
    const result = await decodeMermaidFragment(`z=${await packJson(bad)}`);
    expect(result).toMatchObject({ ok: false });
    if (!result.ok)
      expect(result.reason).toMatch(/^Refused: the workflow in this link is not valid/);
  });

  it.each([
    ['a newer version', { version: 2 }, /version 2/],
    ['statuses that are not task statuses', { statuses: ['<b>x</b>'] }, /statuses/],
    ['more statuses than tasks', { statuses: Array(5).fill('completed') }, /statuses/],
    ['statuses keyed by name', { statuses: { extract: 'completed' } }, /statuses/],
    ['an unknown orientation', { orientation: 'TD;click' }, /direction/],
    ['a lowercase orientation', { orientation: 'lr' }, /direction/],
    ['a title that is not text', { title: { html: '<a>' } }, /title/],
    ['a very long title', { title: 'x'.repeat(201) }, /title/],
    ['another format', { format: 'flowweaver.workflow' }, /does not hold a FlowWeaver workflow/],
  ])('refuses %s', (_case, change, reason) => {
    const result = parseMermaidViewPayload({ ...buildMermaidViewPayload(ETL), ...change });
    expect(result).toMatchObject({ ok: false });
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it.each([null, 'graph TD', [1, 2], 42])('refuses the non-object %j', (value) => {
    expect(parseMermaidViewPayload(value)).toEqual({ ok: false, reason: VIEW_NOT_A_WORKFLOW });
  });

  it('draws a well-formed workflow with graph problems, reporting them', () => {
    const payload: MermaidViewPayload = buildMermaidViewPayload(
      doc('dup', [
        ['a', []],
        ['a', ['ghost']],
      ]),
    );
    const result = parseMermaidViewPayload(payload);
    expect(result).toMatchObject({ ok: true });
    if (result.ok) {
      expect(result.problems.join('\n')).toMatch(/Duplicate task name "a"/);
      expect(result.problems.join('\n')).toMatch(/unknown task "ghost"/);
    }
  });
});

describe('viewer fragment: limits of a link', () => {
  it('stops unpacking past the size limit', async () => {
    const huge = await packJson({ format: 'flowweaver.mermaid-view', pad: ' '.repeat(11 << 20) });
    expect(await decodeMermaidFragment(`z=${huge}`)).toEqual({ ok: false, reason: VIEW_TOO_LARGE });
    const plain = b64({ pad: ' '.repeat(11 << 20) });
    expect(await decodeMermaidFragment(plain)).toEqual({ ok: false, reason: VIEW_TOO_LARGE });
  });

  it('refuses a workflow beyond the document limits before drawing it', async () => {
    const payload = buildMermaidViewPayload(doc('many', [['a', []]]));
    payload.document.tasks.push({
      name: 'b',
      code: '',
      dependsOn: Array<string>(1_000_000).fill('a'),
    });
    const result = await decodeMermaidFragment(await encodeMermaidFragment(payload));
    expect(result).toEqual({
      ok: false,
      reason:
        'Refused: The workflow has too many dependencies: 1,000,000 (Task "b" alone lists 1,000,000), and FlowWeaver takes at most 100,000 from a file or a link.',
    });
  });
});
