import { useLayoutEffect, useState } from 'react';

/**
 * The content width of an element, kept current with a ResizeObserver. Returns a callback ref, so
 * an element that mounts later (after an empty state) is measured too.
 */
export function useElementWidth<T extends HTMLElement>(): {
  ref: (el: T | null) => void;
  element: T | null;
  width: number;
} {
  const [element, setElement] = useState<T | null>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    if (!element) return;
    // The observer reports once on observe, then on every resize.
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return { ref: setElement, element, width };
}
