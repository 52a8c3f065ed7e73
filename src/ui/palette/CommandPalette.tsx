import './palette.css';
import { STATUS_COLORS } from '../../engine/index.ts';
import { useDeferredValue, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { focusNode } from '../canvas/focusNode.ts';
import { connect } from '../commands/editCommands.ts';
import { useRevealTask } from '../canvas/useRevealTask.ts';
import { useCommandContext } from '../keyboard/useCommandContext.ts';
import { useAppStore, type AppState } from '../store/appStore.ts';
import { FILTERS } from './paletteQuery.ts';
import {
  paletteList,
  type PaletteItem,
  type PaletteList,
  type PaletteMode,
} from './paletteItems.ts';

const selectAll = (s: AppState) => s;
const FILTER_HINT = FILTERS.map((f) => `is:${f}`).join(' ');
const optionId = (i: number) => `palette-option-${i}`;

/** Options in list order: with nothing typed the commands first, else the tasks found first. */
const itemsOf = (list: PaletteList): PaletteItem[] =>
  list.text === '' ? [...list.commands, ...list.tasks] : [...list.tasks, ...list.commands];

/** Selects a task and centres the view on it. */
function useJumpToTask(): (name: string) => void {
  const reveal = useRevealTask();
  return (name) => {
    useAppStore.getState().setSelection(new Set([name]));
    reveal(name, true);
  };
}

/**
 * The command palette (Ctrl+K): finds tasks by name, description, code, status or problem and
 * jumps to them, and lists every command of the app with its shortcut. In `connect` mode it lists
 * the tasks the selected one can be connected to.
 */
export function CommandPalette({ mode, onClose }: { mode: PaletteMode; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const state = useAppStore(selectAll);
  // The list follows the typing a render behind: on a graph of many thousand tasks a search takes
  // a while, and the field must keep up with the keys.
  const query = useDeferredValue(text);
  const list = useMemo(() => paletteList(state, mode, query), [state, mode, query]);
  const items = itemsOf(list);
  const jump = useJumpToTask();
  const context = useCommandContext();
  useEffect(() => {
    const before = document.activeElement;
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    input.current?.focus();
    // Closed without going anywhere (Escape, a command): the focus goes back where it was, as a
    // native dialog's close() does; React removes this one instead of closing it.
    return () => {
      requestAnimationFrame(() => {
        if (document.activeElement !== document.body) return;
        if (before instanceof HTMLElement && before.isConnected)
          before.focus({ preventScroll: true });
      });
    };
  }, []);
  useEffect(() => {
    document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' });
  }, [active]);
  const current = Math.min(active, Math.max(0, items.length - 1));

  const choose = (item: PaletteItem | undefined) => {
    if (!item || item.disabled !== null) return;
    onClose();
    if (item.kind === 'command') item.command.run(context);
    else if (list.source !== null) {
      connect(list.source, item.match.task.name);
      focusNode(list.source);
    } else jump(item.match.task.name);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const last = items.length - 1;
    if (e.key === 'ArrowDown') setActive(current >= last ? 0 : current + 1);
    else if (e.key === 'ArrowUp') setActive(current <= 0 ? last : current - 1);
    else if (e.key === 'PageDown') setActive(Math.min(last, current + 8));
    else if (e.key === 'PageUp') setActive(Math.max(0, current - 8));
    else if (e.key === 'Enter') {
      // Enter right after typing chooses from the list for what is typed, not the one shown.
      const now = query === text ? items : itemsOf(paletteList(state, mode, text));
      choose(now[query === text ? current : 0]);
    } else return;
    e.preventDefault();
  };
  const title =
    mode === 'connect'
      ? `Connect ${list.source ?? 'the selected task'} to…`
      : 'Search tasks and commands';
  const option = (item: PaletteItem) => {
    const i = items.indexOf(item);
    return (
      <div
        key={item.kind === 'task' ? `t:${item.match.task.name}` : `c:${item.command.id}`}
        id={optionId(i)}
        role="option"
        aria-selected={i === current}
        aria-disabled={item.disabled !== null ? true : undefined}
        className="palette__option"
        data-kind={item.kind}
        onMouseMove={() => i !== current && setActive(i)}
        onClick={() => choose(item)}
      >
        {item.kind === 'task' ? <TaskOption item={item} /> : <CommandOption item={item} />}
      </div>
    );
  };
  const taskGroup = list.tasks.length > 0 && (
    <div
      role="group"
      aria-label={mode === 'connect' ? 'Connect to' : 'Tasks'}
      className="palette__group"
    >
      <div className="palette__heading" aria-hidden="true">
        {mode === 'connect' ? 'Connect to' : 'Tasks'}
      </div>
      {list.tasks.map(option)}
      {list.moreTasks > 0 && (
        <div className="palette__more" aria-hidden="true">
          {list.moreTasks} more — type more of a name to narrow the list
        </div>
      )}
    </div>
  );
  const commandGroup = list.commands.length > 0 && (
    <div role="group" aria-label="Commands" className="palette__group">
      <div className="palette__heading" aria-hidden="true">
        Commands
      </div>
      {list.commands.map(option)}
    </div>
  );
  return (
    <dialog
      ref={ref}
      className="palette"
      aria-label={title}
      data-testid="palette"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => e.target === ref.current && onClose()}
    >
      <input
        ref={input}
        className="palette__input"
        role="combobox"
        aria-label={title}
        aria-expanded="true"
        aria-controls="palette-list"
        aria-autocomplete="list"
        aria-activedescendant={items.length > 0 ? optionId(current) : undefined}
        placeholder={
          mode === 'connect' ? 'Task to connect to…' : 'Find a task or a command…  (is:failed)'
        }
        spellCheck={false}
        autoComplete="off"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <div id="palette-list" role="listbox" aria-label="Results" className="palette__list">
        {list.text === '' ? [commandGroup, taskGroup] : [taskGroup, commandGroup]}
      </div>
      {items.length === 0 && (
        <p className="palette__empty" role="status">
          {mode === 'connect' ? 'No task matches' : 'No task or command matches'}
        </p>
      )}
      <p className="palette__hint" role={list.query.unknown.length > 0 ? 'status' : undefined}>
        {list.query.unknown.length > 0 && (
          <strong>Unknown filter {list.query.unknown.join(', ')}. </strong>
        )}
        Filters: {FILTER_HINT} · ↑↓ move · Enter choose · Esc close
      </p>
    </dialog>
  );
}

function TaskOption({ item }: { item: Extract<PaletteItem, { kind: 'task' }> }) {
  const { task, field, snippet } = item.match;
  return (
    <>
      <span
        className="palette__status"
        style={{ background: STATUS_COLORS[task.status] }}
        aria-hidden="true"
      />
      <span className="palette__title">{task.name}</span>
      <span className="palette__detail">
        {item.disabled ?? (snippet ? `${field}: ${snippet}` : (task.problems[0] ?? task.status))}
      </span>
    </>
  );
}

function CommandOption({ item }: { item: Extract<PaletteItem, { kind: 'command' }> }) {
  const { command } = item;
  return (
    <>
      <span className="palette__title">{command.title}</span>
      <span className="palette__detail">{item.disabled ?? command.group}</span>
      {command.keys && <kbd className="palette__keys">{command.keys}</kbd>}
    </>
  );
}
