// What one worker of the pool is sent for an attempt: a task's source once, its key after that.
import type { AttemptMessage, TaskPayload } from '../worker/protocol.ts';
import type { Slot } from './poolSlot.ts';

/**
 * The attempt as this worker gets it: the task's source the first time, its key alone once the
 * worker holds it (a retry, another run, or another task with the same source or function).
 */
export function wireAttempt(slot: Slot, message: AttemptMessage): AttemptMessage {
  const task = wireTask(slot, message.task);
  const then = message.then?.map((f) => ({ ...f, task: wireTask(slot, f.task) }));
  if (task === message.task && !then) return message;
  return { ...message, task, ...(then ? { then } : {}) };
}

function wireTask(slot: Slot, task: TaskPayload): TaskPayload {
  if (task.kind === 'known' || task.key === undefined) return task;
  if (!slot.known.has(task.key)) {
    slot.known.add(task.key);
    return task;
  }
  return { kind: 'known', key: task.key, name: task.name };
}
