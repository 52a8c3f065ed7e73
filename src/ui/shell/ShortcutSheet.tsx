import { SHORTCUTS } from '../keyboard/shortcuts.ts';
import { Modal } from './Modal.tsx';

export function ShortcutSheet({ onClose }: { onClose: () => void }) {
  return (
    <Modal title="Keyboard shortcuts" onClose={onClose} testId="shortcut-sheet">
      <table className="shortcut-table">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={`${s.keys}:${s.action}`}>
              <th scope="row">
                <kbd>{s.keys}</kbd>
              </th>
              <td>{s.action}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="panel__hint">
        On macOS, Cmd works wherever Ctrl is listed. Every command, with a shortcut or without, is
        in the palette: press Ctrl+K.
      </p>
    </Modal>
  );
}
