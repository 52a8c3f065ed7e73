// Which registry command a key press runs. Pure: the key handler passes the event in.

/** The parts of a KeyboardEvent the map reads. */
export type KeyPress = Pick<
  KeyboardEvent,
  'key' | 'code' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'
>;

/**
 * The registry command a key press stands for (its `keys`), or null. Ctrl+V with nothing copied
 * in the app is left to the paste event, which brings in text from another tab.
 */
export function commandOfKey(e: KeyPress, inAppClipboard: boolean): string | null {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.toLowerCase();
  if (mod && !e.altKey) {
    if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
    if (e.shiftKey) return null;
    if (key === 'v') return inAppClipboard ? 'paste' : null;
    return MOD_KEYS[key] ?? null;
  }
  if (e.shiftKey && e.altKey && e.code === 'KeyL') return 'layout';
  if (mod || e.altKey) return null;
  if (e.key === 'Delete' || e.key === 'Backspace') return 'delete';
  if (e.key === '?') return 'shortcuts';
  return PLAIN_KEYS[key] ?? null;
}

const MOD_KEYS: Record<string, string> = {
  y: 'redo',
  c: 'copy',
  x: 'cut',
  d: 'duplicate',
  a: 'select-all',
};
const PLAIN_KEYS: Record<string, string> = {
  n: 'add-task',
  u: 'select-upstream',
  d: 'select-downstream',
  f: 'fit',
};
