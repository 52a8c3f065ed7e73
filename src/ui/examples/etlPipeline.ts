import type { WorkflowDocument } from '../../engine/index.ts';
import type { Example } from './defineExample.ts';

/** The seed's ETL pipeline: three extracts in parallel, a join, validation, then load and report. */
export const etlPipeline: WorkflowDocument = {
  format: 'flowweaver.workflow',
  version: 2,
  id: 'example-etl-pipeline',
  name: 'ETL pipeline',
  description: 'Extract from three sources in parallel, transform, validate, then load and report.',
  tasks: [
    {
      name: 'extract_users',
      description: 'Fetch user records.',
      code: "log('reading users');\nreturn [{ id: 1, name: 'Ada' }, { id: 2, name: 'Linus' }];",
      dependsOn: [],
      position: { x: 0, y: 0 },
    },
    {
      name: 'extract_orders',
      description: 'Fetch orders.',
      code: "log('reading orders');\nreturn [{ user: 1, total: 30 }, { user: 2, total: 12 }, { user: 1, total: 8 }];",
      dependsOn: [],
      position: { x: 220, y: 0 },
    },
    {
      name: 'extract_products',
      description: 'Fetch the product catalogue.',
      code: "return [{ sku: 'A1', price: 10 }, { sku: 'B2', price: 4 }];",
      dependsOn: [],
      position: { x: 440, y: 0 },
      retries: 2,
      retryDelayMs: 500,
    },
    {
      name: 'transform',
      description: 'Join orders to users and sum totals.',
      code: 'const totals = {};\nfor (const o of extract_orders) totals[o.user] = (totals[o.user] ?? 0) + o.total;\nreturn extract_users.map((u) => ({ ...u, spent: totals[u.id] ?? 0 }));',
      dependsOn: ['extract_users', 'extract_orders', 'extract_products'],
      position: { x: 220, y: 130 },
    },
    {
      name: 'validate',
      description: 'Reject negative totals.',
      code: "if (transform.some((r) => r.spent < 0)) throw new Error('negative total');\nreturn { rows: transform.length };",
      dependsOn: ['transform'],
      position: { x: 220, y: 260 },
      timeoutMs: 5000,
    },
    {
      name: 'load',
      description: 'Write rows to the warehouse.',
      code: 'log(`loading ${validate.rows} rows`);\nreturn { loaded: validate.rows };',
      dependsOn: ['validate'],
      position: { x: 220, y: 390 },
    },
    {
      name: 'report',
      description: 'Summarise the run, whatever happened upstream.',
      code: 'return { loaded: load?.loaded ?? 0 };',
      dependsOn: ['load'],
      position: { x: 220, y: 520 },
      triggerRule: 'all_done',
    },
  ],
};

export const etlExample: Example = {
  document: etlPipeline,
  teaches:
    'Fan-in from parallel extracts, a timeout, retries on a flaky source, and a report that runs whatever happens (all_done).',
};
