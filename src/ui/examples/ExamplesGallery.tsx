import { Modal } from '../shell/Modal.tsx';
import { EXAMPLES } from './index.ts';
import { openExample } from './openExample.ts';

/** The built-in examples; opening one adds a copy to the user's workflows. */
export function ExamplesGallery({ onClose }: { onClose: () => void }) {
  return (
    <Modal title="Examples" onClose={onClose} testId="examples-gallery">
      <ul className="gallery">
        {EXAMPLES.map(({ document: doc, teaches }) => (
          <li key={doc.id} className="gallery__item">
            <h3>{doc.name}</h3>
            <p>{doc.description}</p>
            <p className="panel__hint">
              {doc.tasks.length} tasks · {teaches}
            </p>
            <button
              type="button"
              aria-label={`Open example ${doc.name}`}
              onClick={() => {
                onClose();
                void openExample(doc);
              }}
            >
              Open example
            </button>
          </li>
        ))}
      </ul>
    </Modal>
  );
}
