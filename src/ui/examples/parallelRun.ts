import { defineExample } from './defineExample.ts';

const sleep = (ms: number) => `await new Promise((resolve) => setTimeout(resolve, ${ms}));`;

/** Independent tasks start together; the total time is the slowest branch, not the sum. */
export const parallelRun = defineExample(
  'parallel-run',
  'Parallel run',
  'Four independent downloads run at the same time, then one task combines their sizes.',
  'Tasks without dependencies between them run concurrently; run it with several workers and compare the timeline.',
  [
    { name: 'fetch_a', code: `${sleep(400)}\nlog('a done');\nreturn 120;` },
    { name: 'fetch_b', code: `${sleep(600)}\nlog('b done');\nreturn 80;` },
    { name: 'fetch_c', code: `${sleep(300)}\nlog('c done');\nreturn 200;` },
    { name: 'fetch_d', code: `${sleep(500)}\nlog('d done');\nreturn 50;` },
    {
      name: 'combine',
      description: 'Adds the four sizes.',
      code: 'const total = fetch_a + fetch_b + fetch_c + fetch_d;\nlog(`total ${total}`);\nreturn total;',
      dependsOn: ['fetch_a', 'fetch_b', 'fetch_c', 'fetch_d'],
    },
  ],
);
