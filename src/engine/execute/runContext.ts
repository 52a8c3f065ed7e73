// What an attempt message carries of its run beyond its inputs (parameters, secrets, a mapped item).
import type { TaskContext } from '../model/types.ts';
import type { AttemptMessage } from '../worker/protocol.ts';

/**
 * The run's parameters, the task's own secrets and a mapped instance's item and index, for an
 * attempt message (each left out when empty).
 */
export function runContext(
  ctx: Pick<TaskContext, 'params' | 'secrets' | 'item' | 'index'>,
): Pick<AttemptMessage, 'params' | 'secrets' | 'map'> {
  const { params, secrets, index } = ctx;
  return {
    ...(params && Object.keys(params).length > 0 ? { params: { ...params } } : {}),
    ...(secrets && Object.keys(secrets).length > 0 ? { secrets: { ...secrets } } : {}),
    ...(index !== undefined ? { map: { index, item: ctx.item } } : {}),
  };
}
