import { afterEach, describe, expect, it } from 'vitest';
import { useAppStore } from '../../store/appStore.ts';
import type { RunView } from '../../store/runSlice.ts';
import { watchRunTabOnSelect } from './useRunTabOnSelect.ts';

const fixtureRun = (): RunView => {
  const { document } = useAppStore.getState();
  return {
    runId: 'run-fixture',
    workflowId: document.id,
    document,
    executor: { kind: 'async' },
    status: 'completed',
    source: 'history',
    startedAt: 1,
    finishedAt: 2,
    tasks: {},
    logs: {},
    droppedLogs: {},
    restored: [],
  };
};

describe('the Run tab follows the selection while a run is shown', () => {
  let stop = () => {};
  afterEach(() => {
    stop();
    useAppStore.getState().clearRun();
    useAppStore.getState().setSelection(new Set());
    useAppStore.getState().setRightTab('inspector');
  });

  it('switches to the Run tab when one task gets selected', () => {
    stop = watchRunTabOnSelect();
    const { document, setSelection, showRun } = useAppStore.getState();
    const first = document.tasks[0]!.name;
    setSelection(new Set([first]));
    expect(useAppStore.getState().rightTab).toBe('inspector');
    setSelection(new Set());
    showRun(fixtureRun());
    setSelection(new Set([first]));
    expect(useAppStore.getState().rightTab).toBe('run');
  });

  it('leaves the tab alone for several tasks or a run of another workflow', () => {
    stop = watchRunTabOnSelect();
    const { document, setSelection, showRun } = useAppStore.getState();
    showRun(fixtureRun());
    setSelection(new Set(document.tasks.slice(0, 2).map((t) => t.name)));
    expect(useAppStore.getState().rightTab).toBe('inspector');
    setSelection(new Set());
    showRun({ ...fixtureRun(), workflowId: 'another' });
    setSelection(new Set([document.tasks[0]!.name]));
    expect(useAppStore.getState().rightTab).toBe('inspector');
  });
});
