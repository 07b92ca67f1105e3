// A bounded queue between the store (which never waits) and one follow
// stream (which waits on its client). When the client falls behind, events are
// dropped and counted, and the stream is told with a lost_events notice, as
// Hubble does with its ring buffer reader. It queues the store's runs as they
// come (one push per run, not per event) and counts its bound in events.
import type { EventRun } from "./flow-store.ts";

export class FollowQueue {
  private runs: EventRun[] = [];
  private events = 0;
  private waiter: (() => void) | undefined;
  private lost = 0;

  private readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  /** Queues the run, or as much of it as the limit leaves room for; the rest is lost. */
  push(run: EventRun): void {
    const room = this.limit - this.events;
    const count = run.events.length;
    if (count <= room) {
      this.runs.push(run);
      this.events += count;
    } else {
      // Part of a run no longer matches its envelopes: queue the events alone.
      if (room > 0) this.runs.push({ events: run.events.slice(0, room) });
      this.events += Math.max(room, 0);
      this.lost += count - Math.max(room, 0);
    }
    this.wake();
  }

  /** Waits until an event or a loss is pending, or the signal aborts. */
  async wait(signal: AbortSignal): Promise<void> {
    if (this.pending() || signal.aborted) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        signal.removeEventListener("abort", done);
        this.waiter = undefined;
        resolve();
      };
      this.waiter = done;
      signal.addEventListener("abort", done, { once: true });
    });
  }

  /** Takes every queued run, plus the number of events dropped since the last call. */
  drain(): { runs: EventRun[]; lost: number } {
    const runs = this.runs;
    const lost = this.lost;
    this.runs = [];
    this.events = 0;
    this.lost = 0;
    return { runs, lost };
  }

  private pending(): boolean {
    return this.events > 0 || this.lost > 0;
  }

  private wake(): void {
    this.waiter?.();
  }
}
