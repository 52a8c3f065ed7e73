import { describe, expect, it } from 'vitest';
import { WorkflowValidationError } from '../model/errors.ts';
import { DistributedRunner } from './DistributedRunner.ts';

describe('DistributedRunner.prepare', () => {
  it('refuses a task that declares secrets before anything is queued (they would sit in Redis)', async () => {
    const runner = new DistributedRunner({ redisUrl: 'redis://127.0.0.1:1' });
    const tasks = [
      { name: 'plain', code: 'return 1;', options: {}, dependsOn: [] },
      {
        name: 'call_api',
        code: 'return secrets.API_KEY;',
        options: { secrets: ['API_KEY'] },
        dependsOn: [],
      },
    ];
    const refusal = await runner.prepare(tasks).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(WorkflowValidationError);
    expect((refusal as WorkflowValidationError).issues).toEqual([
      expect.objectContaining({ task: 'call_api', message: expect.stringMatching(/API_KEY/) }),
    ]);
  });
});
