import { describe, expect, it } from 'vitest';
import {
  CycleError,
  FlowWeaverError,
  RunCancelledError,
  TaskExecutionError,
  TaskTimeoutError,
  WorkflowExecutionError,
  WorkflowValidationError,
} from './errors.ts';
import {
  StorageRecordError,
  StorageUnavailableError,
  UnstorableValueError,
} from '../storage/storageErrors.ts';

const samples: [string, Error][] = [
  ['FlowWeaverError', new FlowWeaverError('E_X', 'x')],
  ['WorkflowValidationError', new WorkflowValidationError({ code: 'E_X', message: 'x' })],
  ['CycleError', new CycleError(['a', 'b', 'a'])],
  ['TaskExecutionError', new TaskExecutionError('t', 1, new Error('boom'))],
  ['TaskTimeoutError', new TaskTimeoutError('t', 1, 50)],
  ['WorkflowExecutionError', new WorkflowExecutionError(['t'], {})],
  ['RunCancelledError', new RunCancelledError({})],
  ['StorageUnavailableError', new StorageUnavailableError('E_STORAGE_UNAVAILABLE', 'x')],
  ['StorageRecordError', new StorageRecordError('E_STORAGE_CORRUPT', 'k', 'x')],
  ['UnstorableValueError', new UnstorableValueError('result', 'x')],
];

describe('error names', () => {
  it.each(samples)('%s names itself, independent of the (minifiable) class name', (name, error) => {
    expect(error.name).toBe(name);
    expect(String(error.stack).startsWith(`${name}: `)).toBe(true);
    // The name lives on the prototype, not on `constructor.name`, which minifiers rename.
    expect(Object.hasOwn(error, 'name')).toBe(false);
    expect(error).toBeInstanceOf(FlowWeaverError);
  });
});
