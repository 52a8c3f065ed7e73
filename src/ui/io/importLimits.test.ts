// What an import takes: a file over DOCUMENT_LIMITS.maxBytes is refused unread, a document beyond
// the other limits or with repeated dependencies is refused with the engine's messages, and the
// open workflow is untouched.
import { describe, expect, it, vi } from 'vitest';
import { DOCUMENT_LIMITS } from '../../engine/index.ts';
import { useAppStore } from '../store/appStore.ts';
import { importFile, parseImport } from './importCommands.ts';

const docOf = (tasks: unknown[]) =>
  JSON.stringify({ format: 'flowweaver.workflow', version: 1, id: 'x', name: 'x', tasks });
const task = (name: string, dependsOn: string[] = []) => ({ name, code: 'return 1;', dependsOn });

describe('import limits', () => {
  it('refuses a file over the size limit without reading it', async () => {
    const before = useAppStore.getState().document;
    const file = new File([new Uint8Array(DOCUMENT_LIMITS.maxBytes + 1)], 'huge.flowweaver.json');
    const read = vi.spyOn(file, 'text');
    await importFile(file);
    expect(read).not.toHaveBeenCalled();
    expect(useAppStore.getState().importProblems).toEqual({
      file: 'huge.flowweaver.json',
      messages: [
        'The workflow is too large: 10.0 MB of JSON, and FlowWeaver takes at most 10.0 MB from a file or a link',
      ],
    });
    expect(useAppStore.getState().document).toBe(before);
    useAppStore.setState({ importProblems: null });
  });

  it('refuses more tasks than the limit', () => {
    const tasks = Array.from({ length: DOCUMENT_LIMITS.maxTasks + 1 }, (_, i) => task(`t${i}`));
    expect(parseImport(docOf(tasks))).toEqual({
      ok: false,
      messages: [
        'The workflow has too many tasks: 20,001, and FlowWeaver takes at most 20,000 from a file or a link',
      ],
    });
  });

  it('refuses repeated dependencies, naming the task and the upstream', () => {
    expect(parseImport(docOf([task('a'), task('b', ['a', 'a'])]))).toEqual({
      ok: false,
      messages: ['Task "b" lists "a" 2 times in dependsOn: list each upstream task once'],
    });
  });
});
