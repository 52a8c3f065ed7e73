import { defineExample } from './defineExample.ts';

const source = (name: string, ms: number, value: number) => ({
  name,
  description: `Simulated API call (${ms} ms).`,
  code: `await new Promise((resolve, reject) => {\n  const t = setTimeout(resolve, ${ms});\n  signal.addEventListener('abort', () => { clearTimeout(t); reject(signal.reason); });\n});\nreturn { source: '${name}', value: ${value} };`,
  timeoutMs: 5000,
});

/** Many awaits in flight at once, each cancellable through `signal`, then one aggregate. */
export const asyncAggregation = defineExample(
  'async-aggregation',
  'Async aggregation',
  'Five simulated API calls run concurrently (each honours cancellation and a timeout), then their values are aggregated.',
  'Async task code: await freely, listen to signal for cancel and timeouts; the aggregate runs only when all succeed.',
  [
    source('api_weather', 300, 21),
    source('api_stocks', 500, 104),
    source('api_news', 200, 7),
    source('api_sports', 400, 3),
    source('api_traffic', 250, 12),
    {
      name: 'aggregate',
      code: 'const parts = Object.values(inputs);\nconst sum = parts.reduce((s, p) => s + p.value, 0);\nlog(`${parts.length} sources, sum ${sum}`);\nreturn { sources: parts.map((p) => p.source), sum };',
      dependsOn: ['api_weather', 'api_stocks', 'api_news', 'api_sports', 'api_traffic'],
    },
  ],
);
