// Task code from strangers runs in an opaque-origin sandbox: it cannot reach the app's data, its
// channels or its locks, cannot poison another workflow's runs, and cannot take the tab down.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { packJson } from '../src/engine/util/compactJson.ts';
import { RunPage } from './pages/RunPage.ts';
import { latestStoredRun, settledStoredRun } from './pages/storedRuns.ts';

type Executor = 'threaded' | 'async' | 'sequential';
const EXECUTORS: Executor[] = ['threaded', 'async', 'sequential'];

const doc = (
  id: string,
  name: string,
  tasks: { name: string; code: string; dependsOn?: string[] }[],
) => ({
  format: 'flowweaver.workflow',
  version: 1,
  id,
  name,
  tasks: tasks.map((t, i) => ({ dependsOn: [], position: { x: 0, y: i * 140 }, ...t })),
});

/** The victim: a workflow whose stored result the hostile one tries to read and rewrite. */
const VICTIM = doc('victim', 'Victim', [
  { name: 'keep', code: "return { secret: 'victim-' + 4242 };" },
]);

/**
 * Tries everything the issue lists from inside a task and returns what happened to each try.
 * Markers are built at run time so the stored document itself never contains them.
 */
const probeCode = (appUrl: string) => `
const poison = 'pwn' + 'ed';
const out = {};
const attempt = async (key, fn) => {
  try { out[key] = 'ALLOWED: ' + JSON.stringify(await fn()); }
  catch (e) { out[key] = 'blocked: ' + String(e && e.message || e); }
};
const openDb = (name) => new Promise((ok, no) => {
  const q = indexedDB.open(name);
  q.onsuccess = () => ok(q.result);
  q.onerror = () => no(q.error);
});
await attempt('listDatabases', () => indexedDB.databases());
await attempt('openAppDatabase', async () => [...(await openDb('flowweaver')).objectStoreNames]);
await attempt('overwriteVictim', async () => {
  const db = await openDb('flowweaver');
  const tx = db.transaction('taskBatches', 'readwrite');
  tx.objectStore('taskBatches').put({ v: 3, workflowId: 'victim', runId: 'x', seq: 1e9,
    states: [{ name: 'keep', status: 'completed', result: { secret: poison } }] });
  return 'written';
});
await attempt('localStorage', () => localStorage.getItem('flowweaver.trust'));
await attempt('cookies', () => document.cookie);
await attempt('fetchApp', async () => (await fetch(${JSON.stringify(appUrl)})).status);
await attempt('webLocks', () => navigator.locks.request('flowweaver-run', () => 'held'));
await attempt('parentWindow', () => parent.postMessage({ poison }, '*'));
// Posted where it can: the sandbox's own channel namespace and its host page hear it, the app must not.
new BroadcastChannel('flowweaver-runs').postMessage({ type: 'run-shown', poison });
self.postMessage({ poison });
return out;
`;

const HOSTILE_ATTEMPTS = [
  'listDatabases',
  'openAppDatabase',
  'overwriteVictim',
  'localStorage',
  'cookies',
  'fetchApp',
  'webLocks',
  'parentWindow',
];

/** Records in the page every message and broadcast carrying the poison marker. */
async function listenForPoison(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const heard: string[] = [];
    (window as unknown as { __heard: string[] }).__heard = heard;
    const note = (where: string, data: unknown) => {
      if (JSON.stringify(data ?? null).includes('pwned')) heard.push(where);
    };
    window.addEventListener('message', (e) => note('window message', e.data));
    new BroadcastChannel('flowweaver-runs').onmessage = (e) => note('broadcast', e.data);
  });
  return () => page.evaluate(() => (window as unknown as { __heard: string[] }).__heard);
}

/** Runs the victim workflow; returns its id. */
async function runVictim(app: RunPage): Promise<string> {
  await app.importDocument(VICTIM);
  await app.run('Off');
  await app.expectRunStatus('completed');
  const id = (await app.openWorkflowId())!;
  expect((await settledStoredRun(app.page, id, ['keep'])).keep).toMatchObject({
    status: 'completed',
    result: { secret: 'victim-4242' },
  });
  return id;
}

async function expectEveryAttemptBlocked(app: RunPage, workflowId: string): Promise<void> {
  const probe = (await settledStoredRun(app.page, workflowId, ['probe'])).probe;
  expect(probe?.status).toBe('completed');
  const report = probe?.result as Record<string, string>;
  for (const key of HOSTILE_ATTEMPTS) expect(report[key], key).toMatch(/^blocked: /);
}

/** A loopback server answering `text` to anyone (CORS open), on a free port. */
async function textServer(
  text: string,
): Promise<{ origin: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server: Server = createServer((_, res) => {
    hits++;
    res.writeHead(200, { 'access-control-allow-origin': '*', 'content-type': 'text/plain' });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    hits: () => hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

test.describe('task code in the sandbox', () => {
  test.describe.configure({ timeout: 120_000 });

  test('an imported hostile workflow reaches nothing of the app under every executor', async ({
    page,
    baseURL,
  }) => {
    const app = new RunPage(page);
    await app.open();
    const victimId = await runVictim(app);
    // An import adds a new workflow and leaves the open one (the victim) as it is: the hostile
    // document runs as a workflow of its own, beside the victim in the list.
    const heard = await listenForPoison(page);
    const hostile = doc('hostile-import', 'Hostile import', [
      { name: 'probe', code: probeCode(baseURL!) },
    ]);
    await app.importDocument(hostile);
    for (const executor of EXECUTORS) {
      await app.useExecutor(executor);
      await app.run('Off');
      await app.expectRunStatus('completed');
      await expectEveryAttemptBlocked(app, (await app.openWorkflowId())!);
    }
    expect((await latestStoredRun(page, victimId)).keep?.result).toEqual({ secret: 'victim-4242' });
    expect(await heard()).toEqual([]);
  });

  test('a hostile workflow opened from a share link reaches nothing of the app', async ({
    page,
    context,
    baseURL,
  }) => {
    const app = new RunPage(page);
    await app.open();
    const victimId = await runVictim(app);
    const heardByVictimTab = await listenForPoison(page);
    const hostile = doc('hostile-link', 'Hostile link', [
      { name: 'probe', code: probeCode(baseURL!) },
    ]);
    // The link is opened in a new tab, as a person clicking it would.
    const linkTab = new RunPage(await context.newPage());
    await linkTab.open(`/#share=${await packJson(hostile)}`);
    await linkTab.page
      .getByTestId('share-dialog')
      .getByRole('button', { name: 'Add to my workflows' })
      .click();
    await expect(linkTab.workflowName).toHaveText('Hostile link');
    linkTab.reviewDue = true;
    const heardByLinkTab = await listenForPoison(linkTab.page);
    for (const executor of EXECUTORS) {
      await linkTab.useExecutor(executor);
      await linkTab.run('Off');
      await linkTab.expectRunStatus('completed');
      await expectEveryAttemptBlocked(linkTab, (await linkTab.openWorkflowId())!);
    }
    expect((await latestStoredRun(page, victimId)).keep?.result).toEqual({ secret: 'victim-4242' });
    expect([...(await heardByVictimTab()), ...(await heardByLinkTab())]).toEqual([]);
  });

  test('network off blocks every request; an allowed origin is reachable and no other', async ({
    page,
  }) => {
    const allowed = await textServer('hello from the allowed site');
    const other = await textServer('hello from elsewhere');
    try {
      const app = new RunPage(page);
      await app.open();
      const fetchCode = (url: string) =>
        `try { return await (await fetch(${JSON.stringify(url)})).text(); } catch (e) { return 'blocked: ' + e.message; }`;
      await app.importDocument(
        doc('net', 'Network', [
          { name: 'allowed', code: fetchCode(`${allowed.origin}/data`) },
          { name: 'other', code: fetchCode(`${other.origin}/data`) },
        ]),
      );
      const id = (await app.openWorkflowId())!;
      await app.run('Off');
      await app.expectRunStatus('completed');
      let stored = await settledStoredRun(page, id, ['allowed', 'other']);
      expect(stored.allowed?.result).toMatch(/^blocked: /);
      expect(stored.other?.result).toMatch(/^blocked: /);
      expect(allowed.hits() + other.hits()).toBe(0); // refused before anything was sent

      // Allow one origin from the header's Network access control; the next run sees it.
      await page.getByTestId('network-access').click();
      const dialog = page.getByRole('dialog', { name: 'Network access' });
      await dialog.getByRole('radio', { name: /Only these sites/ }).check();
      await dialog.getByRole('textbox', { name: 'Allowed sites' }).fill(allowed.origin);
      await dialog.getByRole('button', { name: 'Save' }).click();
      await expect(page.getByTestId('network-access')).toContainText(allowed.origin);
      await app.run();
      await app.expectRunStatus('completed');
      stored = await settledStoredRun(page, id, ['allowed', 'other']);
      expect(stored.allowed?.result).toBe('hello from the allowed site');
      expect(stored.other?.result).toMatch(/^blocked: /);
      expect(other.hits()).toBe(0);
    } finally {
      await allowed.close();
      await other.close();
    }
  });

  test('a task that patches its realm cannot change a later run of another workflow', async ({
    page,
  }) => {
    const app = new RunPage(page);
    await app.open();
    const patcher = doc('patcher', 'Patcher', [
      {
        name: 'patch',
        code: `
const post = MessagePort.prototype.postMessage;
MessagePort.prototype.postMessage = function (m, t) {
  return post.call(this, JSON.parse(JSON.stringify(m).replaceAll('4242', '666')), t);
};
const parse = JSON.parse;
JSON.parse = (text) => { const v = parse(text); if (v && v.secret) v.secret = 666; return v; };
globalThis.structuredClone = () => ({ secret: 666 });
return 'patched';`,
      },
    ]);
    for (const executor of EXECUTORS) {
      await app.useExecutor(executor);
      await app.importDocument(patcher);
      await app.run('Off');
      await app.expectRunStatus('completed');
      await app.importDocument(VICTIM);
      await app.run('Off');
      await app.expectRunStatus('completed');
      const victimId = (await app.openWorkflowId())!;
      expect((await settledStoredRun(page, victimId, ['keep'])).keep?.result, executor).toEqual({
        secret: 'victim-4242',
      });
    }
  });

  // Playwright counts a page as crashed as soon as any of its frames' processes dies (here: the
  // sandbox's) and stops talking to it, so the page is watched from outside: it keeps sending
  // heartbeats, and the stored run is read from a second, same-origin tab.
  for (const executor of ['threaded', 'async', 'sequential'] as const) {
    test(`a task that exhausts memory under ${executor} fails with a clear error; the page stays up`, async ({
      context,
    }) => {
      const beats: number[] = [];
      await context.route('**/__alive', (route) => {
        beats.push(Date.now());
        return route.fulfill({ status: 204 });
      });
      await context.addInitScript(() => {
        if (location.pathname === '/')
          setInterval(() => void fetch('/__alive').catch(() => {}), 250);
      });
      const app = new RunPage(await context.newPage());
      await app.open();
      await app.newWorkflow();
      await app.useExecutor(executor);
      await app.importDocument(
        doc('hog', 'Memory hog', [
          {
            name: 'hog',
            code: 'const keep = []; for (;;) keep.push(new Array(1e6).fill(Math.random()));',
          },
          { name: 'after', code: 'return 1;', dependsOn: ['hog'] },
        ]),
      );
      const id = (await app.openWorkflowId())!;
      await app.run('Off');
      const reader = await context.newPage();
      await reader.goto('/favicon.svg');
      await expect
        .poll(async () => (await latestStoredRun(reader, id)).hog?.status, { timeout: 60_000 })
        .toBe('failed');
      const stored = await settledStoredRun(reader, id, ['hog', 'after']);
      expect(stored.hog?.error?.message).toMatch(/ran out of memory or crashed/);
      expect(stored.after?.status).toBe('skipped');
      const seen = beats.length;
      await expect.poll(() => beats.length, { timeout: 10_000 }).toBeGreaterThan(seen + 2);
    });
  }

  test('a result that cannot leave its worker fails at once, naming its type', async ({ page }) => {
    const app = new RunPage(page);
    await app.open();
    await app.importDocument(
      doc('uncloneable', 'Uncloneable', [
        { name: 'port', code: 'return { port: new MessageChannel().port1 };' },
        { name: 'canvas', code: 'return new OffscreenCanvas(1, 1);' },
        { name: 'url', code: "return [new URL('https://example.com')];" },
      ]),
    );
    for (const executor of EXECUTORS) {
      await app.useExecutor(executor);
      await app.run('Off');
      await app.expectRunStatus('failed');
      const stored = await settledStoredRun(page, (await app.openWorkflowId())!, [
        'port',
        'canvas',
        'url',
      ]);
      expect(stored.port?.error?.message, executor).toMatch(/MessagePort at result\.port/);
      expect(stored.canvas?.error?.message, executor).toMatch(/OffscreenCanvas at result/);
      expect(stored.url?.error?.message, executor).toMatch(/URL at result\[0\]/);
    }
  });
});
