// Charts take turns. recharts redraws a chart in one go (its store updates re-render
// synchronously), about 15–20 ms for a panel of 180 steps; a refresh of a dozen visible panels in
// one task would hold the main thread for 200 ms every second, so clicks and scrolling would
// stutter. Each chart instead takes up a new value in its own task, one after another: the
// refresh spreads over a few frames and input is handled in between. Traded away: the last chart
// of a refresh shows its data a few frames after the first.
import { useEffect, useState } from "react";

const queue: (() => void)[] = [];
let pumping = false;

function pump(): void {
  const job = queue.shift();
  job?.();
  if (queue.length > 0) setTimeout(pump, 0);
  else pumping = false;
}

function enqueue(job: () => void): void {
  queue.push(job);
  if (!pumping) {
    pumping = true;
    setTimeout(pump, 0);
  }
}

/** `value`, taken up in a task of its own (queued behind the other charts' updates). */
export function useStaggered<T>(value: T): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    let cancelled = false;
    enqueue(() => {
      if (!cancelled) setShown(() => value);
    });
    return () => {
      cancelled = true;
    };
  }, [value]);
  return shown;
}
