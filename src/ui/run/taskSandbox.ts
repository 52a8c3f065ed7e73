// The page's side of the task sandbox: an <iframe sandbox="allow-scripts"> (no allow-same-origin)
// on public/sandbox.html, so its document and the task workers it starts have an opaque origin and
// cannot reach the app's IndexedDB, storage, BroadcastChannels or Web Locks. One sandbox per
// workflow, code and network policy: running the same code again finds its workers warm, while
// another workflow, or changed code, gets a fresh realm and the old one (with whatever its tasks
// patched) is removed. The run worker drives it through a control port.
import type { WorkflowDocument } from '../../engine/index.ts';
import { SilenceWatch } from '../../runner/silenceWatch.ts';
import { codeFingerprint } from '../trust/fingerprint.ts';
import { connectSrcOf, type NetworkPolicy } from '../trust/networkPolicy.ts';

/**
 * Silence (in the page's own running time, see SilenceWatch) after which the page counts the
 * sandbox as dead, removes it, and makes a new one for the next run.
 */
const SILENCE_MS = 3_000;

interface Sandbox {
  key: string;
  id: string;
  frame: HTMLIFrameElement;
  ready: Promise<void>;
  /** `ready` has resolved: a run can have its control port at once. */
  isReady: boolean;
  /** Its heartbeat, heard once it is ready (until then the load timeout covers it). */
  watch?: SilenceWatch;
}

let current: Sandbox | undefined;
let workerSource: Promise<string> | undefined;

/** The sandboxed task worker's code, bundled as one classic script (scripts/sandboxWorkerPlugin.mjs). */
function loadWorkerSource(): Promise<string> {
  workerSource ??= import('virtual:sandbox-task-worker').then((m) => m.default);
  return workerSource;
}

function create(key: string, policy: NetworkPolicy): Sandbox {
  const frame = document.createElement('iframe');
  frame.setAttribute('sandbox', 'allow-scripts');
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  frame.title = 'Task sandbox';
  frame.dataset.testid = 'task-sandbox';
  // Not display:none: Chromium runs the process of a frame nobody can see at a lower priority
  // (nice 5 on Linux), and on a busy machine every message to its task workers then waits for the
  // scheduler. One transparent pixel in the corner that takes no clicks keeps it a foreground frame.
  Object.assign(frame.style, {
    position: 'fixed',
    right: '0',
    bottom: '0',
    width: '1px',
    height: '1px',
    border: '0',
    opacity: '0',
    pointerEvents: 'none',
  });
  frame.src = `${import.meta.env.BASE_URL}sandbox.html#${encodeURIComponent(connectSrcOf(policy))}`;
  const sandbox: Sandbox = {
    key,
    id: `${key}#${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`,
    frame,
    ready: Promise.resolve(),
    isReady: false,
  };
  sandbox.ready = new Promise<void>((resolve, reject) => {
    const onMessage = (event: MessageEvent) => {
      if (event.source !== frame.contentWindow) return;
      const data = event.data as { type?: unknown } | null;
      if (data?.type !== 'flowweaver-sandbox-ready') return;
      window.removeEventListener('message', onMessage);
      void loadWorkerSource().then((source) => {
        const base = new URL(import.meta.env.BASE_URL, location.origin).href;
        frame.contentWindow?.postMessage({ type: 'init', source, base }, '*');
        // The page's own heartbeat line: a sandbox whose process died is replaced on the next run.
        const channel = new MessageChannel();
        const watch = new SilenceWatch({ silenceMs: SILENCE_MS, onSilent: () => destroy(sandbox) });
        sandbox.watch = watch;
        channel.port1.onmessage = () => watch.heard();
        frame.contentWindow?.postMessage({ type: 'control' }, '*', [channel.port2]);
        sandbox.isReady = true;
        resolve();
      }, reject);
    };
    window.addEventListener('message', onMessage);
    setTimeout(() => reject(new Error('the task sandbox did not load')), 15_000);
  });
  document.body.append(frame);
  return sandbox;
}

function destroy(sandbox: Sandbox): void {
  sandbox.watch?.stop();
  sandbox.frame.remove(); // ends its document and every worker it started
  if (current === sandbox) current = undefined;
}

/** Which sandbox a workflow's code runs in under `policy`: the same key, the same sandbox. */
export function sandboxKey(document: WorkflowDocument, policy: NetworkPolicy): string {
  return [document.id, codeFingerprint(document), connectSrcOf(policy)].join('\u0000');
}

/** The sandbox of a workflow's code under `policy`: the current one if alive, or a fresh one. */
function liveSandbox(document: WorkflowDocument, policy: NetworkPolicy): Sandbox {
  const key = sandboxKey(document, policy);
  if (current && (current.key !== key || !current.frame.isConnected)) destroy(current);
  current ??= create(key, policy);
  return current;
}

/** The live sandbox of a workflow's code under `policy`, once it is ready. */
async function sandboxFor(document: WorkflowDocument, policy: NetworkPolicy): Promise<Sandbox> {
  const sandbox = liveSandbox(document, policy);
  try {
    await sandbox.ready;
  } catch (error) {
    destroy(sandbox);
    throw error;
  }
  return sandbox;
}

/**
 * A control port to the sandbox of a workflow's code under `policy`, to transfer to the run worker;
 * `id` names the sandbox, so the run worker keeps one connection to it across runs.
 */
export async function connectTaskSandbox(
  document: WorkflowDocument,
  policy: NetworkPolicy,
): Promise<{ id: string; port: MessagePort }> {
  return controlPort(await sandboxFor(document, policy));
}

/**
 * {@link connectTaskSandbox} without waiting, when the sandbox is warm (the usual case after the
 * first run, or once the opened workflow's sandbox has loaded); `undefined` while it still loads.
 * The run request then leaves in this task, ahead of the run view's render.
 */
export function connectReadyTaskSandbox(
  document: WorkflowDocument,
  policy: NetworkPolicy,
): { id: string; port: MessagePort } | undefined {
  const sandbox = liveSandbox(document, policy);
  return sandbox.isReady ? controlPort(sandbox) : undefined;
}

function controlPort(sandbox: Sandbox): { id: string; port: MessagePort } {
  const channel = new MessageChannel();
  sandbox.frame.contentWindow?.postMessage({ type: 'control' }, '*', [channel.port2]);
  return { id: sandbox.id, port: channel.port1 };
}

/** Starts the sandbox of a workflow ahead of its first run (idle time after it is opened). */
export function warmTaskSandbox(document: WorkflowDocument, policy: NetworkPolicy): void {
  void sandboxFor(document, policy).catch(() => undefined);
}

/** Ends the sandbox and every task worker in it (Cancel that the run did not honour). */
export function endTaskSandbox(): void {
  if (current) destroy(current);
}
