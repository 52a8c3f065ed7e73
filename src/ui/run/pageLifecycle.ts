// The page going away while this tab runs a run. Idle workers are ended on unload; during a run
// they are left to die with the page: ending them first would fail the in-flight tasks and could
// record the run as failed instead of interrupted, and a reload must resume it.
import { activeRunId } from './runController.ts';
import {
  disposeRunner,
  pageHidingInRunner,
  pageLeavingInRunner,
  pageStaysInRunner,
} from './runnerClient.ts';

/** After a beforeunload, a page still running this long later did not go away. */
const PAGE_STAYED_MS = 3_000;

/** Listens for the page leaving (see the file's comment); returns what stops listening. */
export function watchPageLifecycle(): () => void {
  // A reload or a closed tab begins with beforeunload, and the browser may cancel a task's request
  // right after, before pagehide: from here on the runner holds back what the sandbox reports. A
  // page still here a moment later stayed (nothing is lost: the held reports are then taken).
  const beforeUnload = (): void => {
    if (activeRunId() === null) return;
    pageLeavingInRunner();
    setTimeout(pageStaysInRunner, PAGE_STAYED_MS);
  };
  const pageHide = (event: PageTransitionEvent): void => {
    if (activeRunId() === null) disposeRunner();
    // Going for good (not into the back/forward cache): the run stays as recorded until now, and
    // resumes on the next start; the outcomes its tasks reach while the page and its sandbox are
    // torn down (a request the browser cancelled) are not recorded.
    else if (!event.persisted) pageHidingInRunner();
  };
  window.addEventListener('beforeunload', beforeUnload);
  window.addEventListener('pagehide', pageHide);
  return () => {
    window.removeEventListener('beforeunload', beforeUnload);
    window.removeEventListener('pagehide', pageHide);
  };
}
