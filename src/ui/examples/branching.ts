import { defineExample } from './defineExample.ts';

/** A branch chooses one of two paths; a join after them runs whichever was taken. */
export const branching = defineExample(
  'branching',
  'Branching',
  'Checks the size of a batch and processes it by the small or the large path; the path not taken is skipped, and the report still runs.',
  'A branch task (branch: true) returns the name of the task below it to run; the other branch is skipped and drawn dashed. The join uses none_failed_min_one_success, as in Airflow; a short-circuit task skips the rest when its result is falsy; ctx.skip(reason) skips a task.',
  [
    { name: 'load_batch', code: "log('loaded 12 rows');\nreturn { rows: 12 };" },
    {
      name: 'pick_path',
      description: 'Branch: returns the name of the path to take.',
      code: "return load_batch.rows > 100 ? 'large_path' : 'small_path';",
      dependsOn: ['load_batch'],
      branch: true,
    },
    {
      name: 'small_path',
      code: "log('processing in one go');\nreturn load_batch.rows;",
      dependsOn: ['pick_path', 'load_batch'],
    },
    {
      name: 'large_path',
      code: "log('processing in chunks');\nreturn load_batch.rows;",
      dependsOn: ['pick_path', 'load_batch'],
    },
    {
      name: 'report',
      description: 'Runs after whichever path ran.',
      code: "const done = 'small_path' in inputs ? small_path : large_path;\nreturn `processed ${done} rows`;",
      dependsOn: ['small_path', 'large_path'],
      triggerRule: 'none_failed_min_one_success',
    },
    {
      name: 'has_changes',
      description: 'Short circuit: nothing below it runs when it returns a falsy value.',
      code: 'return report.length === 0;',
      dependsOn: ['report'],
      shortCircuit: true,
    },
    { name: 'publish', code: "return 'published';", dependsOn: ['has_changes'] },
    {
      name: 'archive',
      code: "ctx.skip('archiving is off for this demo');",
      dependsOn: ['load_batch'],
    },
  ],
);
