import { memo, useState } from 'react';
import {
  CHILD_PAGE,
  STRING_PAGE,
  childEntries,
  isContainer,
  kindOf,
  previewLeaf,
  summarize,
  truncateText,
} from './jsonTree.ts';

/** A string leaf, cut at STRING_PAGE characters with "show more". Rendered as text only. */
function StringLeaf({ value }: { value: string }) {
  const [limit, setLimit] = useState(STRING_PAGE);
  const { text, remaining } = truncateText(value, limit);
  return (
    <span className="json-value json-value--string">
      {JSON.stringify(text).slice(0, remaining > 0 ? -1 : undefined)}
      {remaining > 0 && (
        <>
          {'…'}
          <button
            type="button"
            className="link-button"
            onClick={() => setLimit((l) => l + STRING_PAGE * 10)}
          >
            show more ({remaining.toLocaleString()} chars)
          </button>
        </>
      )}
    </span>
  );
}

function Leaf({ value }: { value: unknown }) {
  if (typeof value === 'string') return <StringLeaf value={value} />;
  return <span className={`json-value json-value--${kindOf(value)}`}>{previewLeaf(value)}</span>;
}

function Node({
  name,
  value,
  depth,
  defaultOpen,
}: {
  name?: string;
  value: unknown;
  depth: number;
  defaultOpen: boolean;
}) {
  const [open, setOpen] = useState(defaultOpen);
  const [limit, setLimit] = useState(CHILD_PAGE);
  const key = name !== undefined && <span className="json-key">{name}: </span>;
  if (!isContainer(value)) {
    return (
      <div className="json-row">
        {key}
        <Leaf value={value} />
      </div>
    );
  }
  const page = open ? childEntries(value, limit) : null;
  return (
    <div className="json-node">
      <button
        type="button"
        className="json-toggle"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="json-caret" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
        {key}
        <span className="json-summary">{summarize(value)}</span>
      </button>
      {page && (
        <div className="json-children">
          {page.entries.map(([k, v]) => (
            <Node key={k} name={k} value={v} depth={depth + 1} defaultOpen={false} />
          ))}
          {page.remaining > 0 && (
            <button
              type="button"
              className="link-button json-more"
              onClick={() => setLimit((l) => l + CHILD_PAGE)}
            >
              show {Math.min(CHILD_PAGE, page.remaining)} more of {page.remaining.toLocaleString()}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

/**
 * A collapsible view of any stored value. Big arrays and strings are paged ("show more"); values
 * are only ever text, so markup in a result is shown, never rendered.
 */
export const JsonTree = memo(function JsonTree({
  value,
  label,
  open = true,
  testId,
}: {
  value: unknown;
  label?: string;
  open?: boolean;
  testId?: string;
}) {
  return (
    <div className="json-tree" data-testid={testId}>
      <Node
        {...(label !== undefined ? { name: label } : {})}
        value={value}
        depth={0}
        defaultOpen={open}
      />
    </div>
  );
});
