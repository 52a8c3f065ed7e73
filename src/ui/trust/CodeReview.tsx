import { Fragment, memo } from 'react';
import type { WorkflowDocument } from '../../engine/index.ts';
import { codeStats, escapeOf, escapeUnusual, reviewPieces, type CodePiece } from './codeReview.ts';
import './trust.css';

type TaskDocument = WorkflowDocument['tasks'][number];

/** Task fields shown elsewhere in the review, or that change nothing that runs. */
const NOT_OPTIONS: ReadonlySet<string> = new Set([
  'name',
  'code',
  'dependsOn',
  'position',
  'description',
]);

const count = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/**
 * Every task of a workflow with its whole code, for the user to read before it can run: nothing
 * cut off (all tasks, long lines wrapped), blank runs collapsed into a marker that counts them,
 * invisible and reordering characters shown as escapes, and a count of characters per task. Names
 * and code are text, never markup.
 */
export const CodeReview = memo(function CodeReview({ tasks }: { tasks: readonly TaskDocument[] }) {
  const stats = tasks.map((t) => codeStats(t.code));
  const characters = stats.reduce((sum, s) => sum + s.characters, 0);
  const unusual = stats.reduce((sum, s) => sum + s.unusual, 0);
  return (
    <section className="code-review" aria-label="Task code" data-testid="code-review">
      <p className="code-review__summary" data-testid="code-review-summary">
        <strong>{count(tasks.length, 'task')}</strong>
        <span aria-hidden="true"> · </span>
        {count(characters, 'character')} of code
        {unusual > 0 && (
          <span className="code-review__alert">
            {' '}
            · {count(unusual, 'hidden character')} shown as [U+…]
          </span>
        )}
      </p>
      <ol className="code-review__tasks">
        {tasks.map((task, i) => (
          <ReviewedTask key={i} task={task} index={i} stats={stats[i]!} />
        ))}
      </ol>
    </section>
  );
});

function ReviewedTask(props: {
  task: TaskDocument;
  index: number;
  stats: ReturnType<typeof codeStats>;
}) {
  const { task, index, stats } = props;
  const options = Object.entries(task).filter(
    ([key, value]) => !NOT_OPTIONS.has(key) && value !== undefined,
  );
  return (
    <li className="code-review__task" data-testid="review-task" data-task-name={task.name}>
      <div className="code-review__head">
        <span className="code-review__index" aria-hidden="true">
          {index + 1}
        </span>
        <h3 className="code-review__name">{escapeUnusual(task.name)}</h3>
        <span className="code-review__stats" data-testid="review-char-count">
          {count(stats.characters, 'character')} · {count(stats.lines, 'line')}
          {stats.unusual > 0 && (
            <span className="code-review__alert">
              {' '}
              · {count(stats.unusual, 'hidden character')}
            </span>
          )}
        </span>
      </div>
      <p className="code-review__meta">
        {task.dependsOn.length === 0 ? (
          'No dependencies'
        ) : (
          <>
            After{' '}
            {task.dependsOn.map((d, j) => (
              <Fragment key={j}>
                {j > 0 && ', '}
                <code>{escapeUnusual(d)}</code>
              </Fragment>
            ))}
          </>
        )}
        {options.map(([key, value]) => (
          <Fragment key={key}>
            <span aria-hidden="true"> · </span>
            {key} <code>{escapeUnusual(JSON.stringify(value))}</code>
          </Fragment>
        ))}
      </p>
      <pre className="code-review__code" data-testid="review-code">
        {task.code === '' ? (
          <span className="code-mark">no code</span>
        ) : (
          reviewPieces(task.code).map((piece, j) => <Piece key={j} piece={piece} />)
        )}
      </pre>
    </li>
  );
}

function Piece({ piece }: { piece: CodePiece }) {
  switch (piece.kind) {
    case 'text':
      return piece.text;
    case 'newline':
      return '\n';
    case 'blank-lines':
      return (
        <>
          <span className="code-mark code-mark--blank" data-testid="blank-lines-marker">
            {count(piece.count, 'blank line')}
          </span>
          {'\n'}
        </>
      );
    case 'spaces':
      return <span className="code-mark">{count(piece.count, 'space')}</span>;
    case 'chars':
      return (
        <span className="code-mark code-mark--char" data-testid="unusual-char">
          {piece.codePoints.map(escapeOf).join('')}
        </span>
      );
  }
}
