// A value that follows `value` at most once per `intervalMs`, ending on its latest value: the
// policies tab recomputes tables, cards and diffs from the store's version a few times per
// second at most, while flows keep arriving in batches of 200 ms.
import { useEffect, useRef, useState } from "react";

export function useThrottled<T>(value: T, intervalMs: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const show = () => {
      last.current = Date.now();
      setShown(value);
    };
    const wait = last.current + intervalMs - Date.now();
    // A timer even when due now: the update never runs inside the render that caused it.
    const timer = setTimeout(show, Math.max(0, wait));
    return () => clearTimeout(timer);
  }, [value, shown, intervalMs]);
  return shown;
}
