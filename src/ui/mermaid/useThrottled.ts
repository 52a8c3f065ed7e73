import { useEffect, useRef, useState } from 'react';

/**
 * `value`, updated at most once per `ms`: the first change shows at once, later ones within the
 * window are held back and the latest is shown when it ends (so the final value is never lost).
 */
export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const lastAt = useRef(0);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const wait = Math.max(0, lastAt.current + ms - Date.now());
    const timer = setTimeout(() => {
      lastAt.current = Date.now();
      setShown(value);
    }, wait);
    return () => clearTimeout(timer);
  }, [value, shown, ms]);
  return shown;
}
