import { defineExample } from './defineExample.ts';

/** Several stages with fan-out, fan-in, retries and trigger rules. */
export const complexWorkflow = defineExample(
  'complex-multi-stage',
  'Complex multi-stage workflow',
  'Ingest, clean and enrich in stages with fan-out and fan-in; a flaky step retries with exponential backoff, and clean-up runs whatever happens.',
  'Retries with backoff, trigger rules (one_failed, all_done) and how failure skips downstream tasks.',
  [
    { name: 'start', code: "log('stage 0');\nreturn { startedAt: Date.now() };" },
    {
      name: 'ingest_events',
      code: 'return Array.from({ length: 50 }, (_, i) => ({ id: i, v: i % 7 }));',
      dependsOn: ['start'],
    },
    {
      name: 'ingest_users',
      code: 'return Array.from({ length: 10 }, (_, i) => ({ id: i, tier: i % 3 }));',
      dependsOn: ['start'],
    },
    {
      name: 'flaky_lookup',
      description: 'Fails on the first attempt, then succeeds.',
      code: "if (ctx.attempt < 2) throw new Error('temporary outage');\nreturn { rates: [1, 1.1, 1.25] };",
      dependsOn: ['start'],
      retries: 3,
      retryDelayMs: 100,
      backoff: 'exponential',
    },
    {
      name: 'clean_events',
      code: 'return ingest_events.filter((e) => e.v !== 0);',
      dependsOn: ['ingest_events'],
    },
    {
      name: 'enrich',
      code: 'return clean_events.map((e) => ({ ...e, user: ingest_users[e.id % ingest_users.length], rate: flaky_lookup.rates[e.id % 3] }));',
      dependsOn: ['clean_events', 'ingest_users', 'flaky_lookup'],
    },
    {
      name: 'stats',
      code: 'return { rows: enrich.length, total: enrich.reduce((s, e) => s + e.v * e.rate, 0) };',
      dependsOn: ['enrich'],
    },
    {
      name: 'by_tier',
      code: 'const out = {};\nfor (const e of enrich) out[e.user.tier] = (out[e.user.tier] ?? 0) + 1;\nreturn out;',
      dependsOn: ['enrich'],
    },
    {
      name: 'publish',
      code: 'log(JSON.stringify(stats), JSON.stringify(by_tier));\nreturn { published: true };',
      dependsOn: ['stats', 'by_tier'],
    },
    {
      name: 'alert_on_failure',
      description: 'Runs only if something upstream failed.',
      code: "log('something failed upstream');\nreturn 'alerted';",
      dependsOn: ['publish'],
      triggerRule: 'one_failed',
    },
    {
      name: 'cleanup',
      description: 'Always runs at the end.',
      code: "log('cleaning temporary data');\nreturn 'clean';",
      dependsOn: ['publish'],
      triggerRule: 'all_done',
    },
  ],
);
