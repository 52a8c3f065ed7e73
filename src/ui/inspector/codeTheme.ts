// The code editor's colours for both themes. Every colour is a custom property of app.css
// (`--code-*`), so the editor follows the light/dark switch without being rebuilt, and
// codeTheme.test.ts checks each token colour at 4.5:1 against the editor, its active line and
// selected text in both themes. CodeMirror's default highlight style was made for white
// backgrounds (1.5–2.9:1 on the dark editor).
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorView } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';

export const codeHighlightStyle = HighlightStyle.define([
  {
    tag: [t.keyword, t.controlKeyword, t.moduleKeyword, t.operatorKeyword, t.definitionKeyword],
    color: 'var(--code-keyword)',
  },
  { tag: [t.string, t.special(t.string), t.character], color: 'var(--code-string)' },
  { tag: [t.regexp, t.escape], color: 'var(--code-regexp)' },
  { tag: [t.number, t.bool, t.null, t.atom, t.unit], color: 'var(--code-number)' },
  {
    tag: [t.comment, t.lineComment, t.blockComment],
    color: 'var(--code-comment)',
    fontStyle: 'italic',
  },
  {
    tag: [t.function(t.variableName), t.function(t.propertyName), t.labelName],
    color: 'var(--code-function)',
  },
  {
    tag: [t.definition(t.variableName), t.definition(t.propertyName), t.local(t.variableName)],
    color: 'var(--code-definition)',
  },
  { tag: [t.propertyName, t.attributeName], color: 'var(--code-property)' },
  { tag: [t.typeName, t.className, t.namespace, t.self], color: 'var(--code-type)' },
  { tag: [t.variableName, t.operator, t.punctuation, t.bracket], color: 'var(--text)' },
  { tag: [t.meta, t.processingInstruction], color: 'var(--code-meta)' },
  { tag: t.invalid, color: 'var(--code-invalid)' },
  { tag: t.link, textDecoration: 'underline' },
  { tag: t.heading, fontWeight: 'bold' },
  { tag: t.emphasis, fontStyle: 'italic' },
  { tag: t.strong, fontWeight: 'bold' },
  { tag: t.strikethrough, textDecoration: 'line-through' },
]);

/** The editor's surfaces: background, gutters, active line, selection, matches, tooltips. */
const codeChrome = EditorView.theme({
  '&': { fontSize: '13px', backgroundColor: 'var(--code-bg)', color: 'var(--text)' },
  '.cm-gutters': {
    backgroundColor: 'var(--surface-2)',
    color: 'var(--text-muted)',
    border: 'none',
  },
  '.cm-content': { caretColor: 'var(--text)' },
  '&.cm-focused .cm-cursor': { borderLeftColor: 'var(--text)' },
  '.cm-activeLine': { backgroundColor: 'var(--code-active-line)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--code-active-line)', color: 'var(--text)' },
  '& .cm-selectionBackground, &.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground':
    { backgroundColor: 'var(--code-selection)' },
  '& .cm-content ::selection': { backgroundColor: 'var(--code-selection)' },
  '.cm-selectionMatch': { backgroundColor: 'var(--code-selection)' },
  '&.cm-focused .cm-matchingBracket': {
    backgroundColor: 'var(--code-selection)',
    outline: '1px solid var(--text-muted)',
  },
  '&.cm-focused .cm-nonmatchingBracket': { outline: '1px solid var(--code-invalid)' },
  '.cm-searchMatch': {
    backgroundColor: 'var(--code-selection)',
    outline: '1px solid var(--accent)',
  },
  '.cm-tooltip': {
    backgroundColor: 'var(--surface)',
    color: 'var(--text)',
    border: '1px solid var(--border)',
  },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': {
    backgroundColor: 'var(--accent-text)',
    color: 'var(--surface)',
  },
  '.cm-completionDetail': { color: 'var(--text-muted)' },
  // The highlighted entry is light on the accent: its detail ("upstream result") too, not muted.
  '.cm-tooltip-autocomplete > ul > li[aria-selected] .cm-completionDetail': { color: 'inherit' },
  '.cm-panels': { backgroundColor: 'var(--surface-2)', color: 'var(--text)' },
  '.cm-panels input, .cm-panels button': { color: 'var(--text)' },
  '.cm-foldPlaceholder': {
    backgroundColor: 'var(--surface-2)',
    color: 'var(--text-muted)',
    border: '1px solid var(--border)',
  },
});

/** The theme and highlighting, as extensions after `basicSetup` (which only keeps its default as a fallback). */
export const codeTheme = [codeChrome, syntaxHighlighting(codeHighlightStyle)];
