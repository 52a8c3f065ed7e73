import { defineExample } from './defineExample.ts';

/** Load → split → train two models in parallel → evaluate → pick the best. */
export const mlPipeline = defineExample(
  'ml-pipeline',
  'ML pipeline',
  'Generate a dataset, split it, fit two simple models in parallel, evaluate them and keep the better one.',
  'Data flows between tasks as results (XCom): each task reads its upstream results by name.',
  [
    {
      name: 'load_data',
      description: 'A noisy line y = 3x + 2.',
      code: 'const rows = [];\nfor (let i = 0; i < 200; i++) {\n  const x = i / 10;\n  rows.push({ x, y: 3 * x + 2 + Math.sin(i) });\n}\nlog(`${rows.length} rows`);\nreturn rows;',
    },
    {
      name: 'split',
      code: 'const cut = Math.floor(load_data.length * 0.8);\nreturn { train: load_data.slice(0, cut), test: load_data.slice(cut) };',
      dependsOn: ['load_data'],
    },
    {
      name: 'train_linear',
      description: 'Least squares fit.',
      code: 'const { train } = split;\nconst n = train.length;\nconst mx = train.reduce((s, r) => s + r.x, 0) / n;\nconst my = train.reduce((s, r) => s + r.y, 0) / n;\nlet num = 0, den = 0;\nfor (const r of train) { num += (r.x - mx) * (r.y - my); den += (r.x - mx) ** 2; }\nconst slope = num / den;\nreturn { kind: "linear", slope, intercept: my - slope * mx };',
      dependsOn: ['split'],
    },
    {
      name: 'train_mean',
      description: 'Baseline: always predict the mean.',
      code: 'const mean = split.train.reduce((s, r) => s + r.y, 0) / split.train.length;\nreturn { kind: "mean", slope: 0, intercept: mean };',
      dependsOn: ['split'],
    },
    {
      name: 'evaluate',
      code: 'const mse = (m) => split.test.reduce((s, r) => s + (m.slope * r.x + m.intercept - r.y) ** 2, 0) / split.test.length;\nconst scores = [train_linear, train_mean].map((m) => ({ kind: m.kind, mse: mse(m) }));\nlog(JSON.stringify(scores));\nreturn scores;',
      dependsOn: ['split', 'train_linear', 'train_mean'],
    },
    {
      name: 'select_model',
      code: 'const best = [...evaluate].sort((a, b) => a.mse - b.mse)[0];\nlog(`best: ${best.kind}`);\nreturn best;',
      dependsOn: ['evaluate'],
    },
  ],
);
