// Shared test data for the Mermaid export tests (Node and Chromium); no logic, no I/O.
import type { TaskStatus } from '../model/status.ts';
import type { WorkflowDocument } from '../model/types.ts';
import type { MermaidSource } from './mermaidSource.ts';

/** A document from `[name, dependsOn]` pairs. */
export function doc(
  name: string,
  tasks: readonly (readonly [string, string[]])[],
): WorkflowDocument {
  return {
    format: 'flowweaver.workflow',
    version: 2,
    id: name,
    name,
    tasks: tasks.map(([taskName, dependsOn]) => ({ name: taskName, code: '', dependsOn })),
  };
}

/** A live-workflow-like source with statuses and descriptions under `options`. */
export function source(
  name: string,
  tasks: readonly { name: string; deps?: string[]; status?: TaskStatus; description?: string }[],
): MermaidSource {
  const deps = new Map(tasks.map((t) => [t.name, t.deps ?? []]));
  return {
    name,
    tasks: tasks.map((t) => ({
      name: t.name,
      ...(t.status ? { status: t.status } : {}),
      options: t.description ? { description: t.description } : {},
    })),
    getDependencies: (taskName) => deps.get(taskName) ?? [],
  };
}

/** The seed's ETL example: a diamond. */
export const ETL = doc('etl', [
  ['extract', []],
  ['transform', ['extract']],
  ['validate', ['extract']],
  ['load', ['transform', 'validate']],
]);

/** Hostile task names, each with the label text `exportMermaid` must write for it. */
export const HOSTILE_NAMES: readonly (readonly [string, string, string])[] = [
  ['double quotes', 'say "hi"', 'say #quot;hi#quot;'],
  ['brackets', 'a[b]{c}(d)', 'a#91;b#93;#123;c#125;(d)'],
  ['reserved word end', 'end', 'end'],
  ['edge-like o/x start', 'o--x', 'o--x'],
  ['html injection', '<img src=x onerror=alert(1)>', '#lt;img src=x onerror=alert(1)#gt;'],
  ['script tag', '<script>alert(1)</script>', '#lt;script#gt;alert(1)#lt;/script#gt;'],
  ['emoji', 'deploy 🚀✨', 'deploy 🚀✨'],
  ['128 chars', 'x'.repeat(128), 'x'.repeat(128)],
  ['backticks (markdown)', '`**bold**`', '#96;**bold**#96;'],
  ['hash and semicolon', '#1; a;b', '#35;1#59; a#59;b'],
  ['entity lookalike', '#quot;', '#35;quot#59;'],
  ['ampersand entity', '&lt;b&gt;', '#amp;lt#59;b#amp;gt#59;'],
  ['newlines and tab', 'line1\nline2\r\n\tx', 'line1 line2   x'],
  [
    'directive',
    "%%{init: {'theme':'dark'}}%%",
    '#37;#37;#123;init#58; #123;#39;theme#39;#58;#39;dark#39;#125;#125;#37;#37;',
  ],
  ['colon style', 'style:#f00;', 'style#58;#35;f00#59;'],
  ['pipes and arrows', 'a --> b | c', 'a --#gt; b | c'],
  ['backslash', 'C:\\tmp', 'C#58;#92;tmp'],
  ['accents', 'Größe café', 'Größe café'],
  ['KaTeX formula', '$$x^2$$', '#36;#36;x^2#36;#36;'],
  [
    'KaTeX in text',
    'cost $$\\frac{a}{b}$$ $5',
    'cost #36;#36;#92;frac#123;a#125;#123;b#125;#36;#36; #36;5',
  ],
  ['font awesome icon', 'fa:fa-car', 'fa#58;fa-car'],
  ['markdown without backticks', '**bold** _it_ ~~s~~', '**bold** _it_ ~~s~~'],
  ['line break tag', 'a<br>b<br/>c', 'a#lt;br#gt;b#lt;br/#gt;c'],
  ['html entity', 'a&nbsp;b&#36;', 'a#amp;nbsp#59;b#amp;#35;36#59;'],
];
