import { useStoreApi } from '@xyflow/react';
import { useCallback } from 'react';

type Updates = Parameters<
  ReturnType<ReturnType<typeof useStoreApi>['getState']>['updateNodeInternals']
>[0];

/**
 * Tells React Flow to measure these drawn nodes (size and handles) again. Like its
 * `useUpdateNodeInternals`, but it finds the elements by reading their `data-id` rather than by a
 * selector built from the id, which a task name with a quote would break.
 */
export function useRemeasureNodes(): (ids: readonly string[]) => void {
  const store = useStoreApi();
  return useCallback(
    (ids) => {
      const { domNode, updateNodeInternals } = store.getState();
      if (!domNode || ids.length === 0) return;
      const wanted = new Set(ids);
      const updates: Updates = new Map();
      for (const nodeElement of domNode.querySelectorAll<HTMLDivElement>('.react-flow__node')) {
        const id = nodeElement.dataset.id;
        if (id !== undefined && wanted.has(id)) updates.set(id, { id, nodeElement, force: true });
      }
      requestAnimationFrame(() => updateNodeInternals(updates, { triggerFitView: false }));
    },
    [store],
  );
}
