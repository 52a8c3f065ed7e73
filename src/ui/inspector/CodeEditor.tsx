import { javascript, javascriptLanguage } from '@codemirror/lang-javascript';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { EditorView, basicSetup } from 'codemirror';
import { useEffect, useRef } from 'react';
import { checkCodeSyntax } from '../../engine/index.ts';
import { taskCompletionSource } from './codeCompletion.ts';
import { codeTheme } from './codeTheme.ts';

interface Props {
  value: string;
  upstream: readonly string[];
  /** A mapped task: completion offers `item` and `index`. */
  mapped?: boolean;
  label: string;
  onChange: (code: string) => void;
}

const syntaxLinter = linter(
  (view): Diagnostic[] => {
    const problem = checkCodeSyntax(view.state.doc.toString());
    if (!problem) return [];
    const line = view.state.doc.line(Math.min(problem.line, view.state.doc.lines));
    const from = Math.min(line.from + problem.column - 1, line.to);
    return [{ from, to: Math.min(from + 1, line.to), severity: 'error', message: problem.message }];
  },
  { delay: 250 },
);

/** CodeMirror 6 for a task's body: JavaScript highlighting, completion, syntax errors with their line. */
export function CodeEditor({ value, upstream, mapped = false, label, onChange }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latest = useRef({ onChange, upstream, mapped });
  useEffect(() => {
    latest.current = { onChange, upstream, mapped };
  });

  useEffect(() => {
    const source = taskCompletionSource(
      () => latest.current.upstream,
      () => latest.current.mapped,
    );
    const editor = new EditorView({
      parent: host.current!,
      doc: value,
      extensions: [
        basicSetup,
        javascript(),
        javascriptLanguage.data.of({ autocomplete: source }),
        syntaxLinter,
        lintGutter(),
        codeTheme,
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-label': label }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && !update.transactions.some((t) => t.isUserEvent('external'))) {
            latest.current.onChange(update.state.doc.toString());
          }
        }),
      ],
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // The editor is created once; later values arrive through the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const editor = view.current;
    if (!editor || editor.state.doc.toString() === value) return;
    editor.dispatch({
      changes: { from: 0, to: editor.state.doc.length, insert: value },
      userEvent: 'external',
    });
  }, [value]);

  return <div className="code-editor" ref={host} data-testid="code-editor" />;
}
