import { defineExample } from './defineExample.ts';

const layer = (prefix: string, n: number, deps: (i: number) => string[]) =>
  Array.from({ length: n }, (_, i) => ({
    name: `${prefix}_${i + 1}`,
    code: `return ${JSON.stringify(`${prefix}_${i + 1}`)};`,
    dependsOn: deps(i),
  }));

/** A wider graph to look at: the canvas, auto layout and the Mermaid tab. */
export const visualiseDag = defineExample(
  'visualise-dag',
  'Visualise DAG',
  'A four-layer graph with fan-out and fan-in, made for looking at: try Auto layout in both directions and the Mermaid tab.',
  'Auto layout (top-down / left-right), the minimap, select upstream / downstream, and the Mermaid export.',
  [
    { name: 'source', code: "return 'root';" },
    ...layer('extract', 3, () => ['source']),
    // transform_4 fans in from two extracts (it listed extract_1 twice before duplicates were refused).
    ...layer('transform', 4, (i) => (i === 3 ? ['extract_1', 'extract_2'] : [`extract_${i + 1}`])),
    ...layer('load', 2, (i) =>
      i === 0 ? ['transform_1', 'transform_2'] : ['transform_3', 'transform_4'],
    ),
    { name: 'report', code: 'return Object.keys(inputs);', dependsOn: ['load_1', 'load_2'] },
  ],
);
