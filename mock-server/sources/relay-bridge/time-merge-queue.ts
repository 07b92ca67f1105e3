// Merges several relays' streams into one ordered by event time, as Relay
// merges its nodes (facts C.3: a priority queue by `time`, bounded, drained
// when input pauses). Each relay's stream is itself ordered, so an entry can
// go out as soon as every live source has passed its time (the watermark):
// with one relay nothing waits at all. A source that lags or is quiet holds
// the others back for at most `holdMs` of wall-clock time per entry, and the
// queue never holds more than `maxSize` entries.
//
// Trade-off: Relay drains entries whose *event* time is older than 1 s. We
// count the wait in wall-clock time instead, because a backlog is all "older
// than 1 s" and would otherwise go out unmerged the moment it arrives, and
// because relays' clocks differ from ours.
import { MinHeap } from "../../lib/min-heap.ts";
import { compareTimes, type EventTime } from "../../../src/domain/flow/resume-cursor.ts";

export type { EventTime };

interface Entry<T> {
  item: T;
  time: EventTime;
  seq: number;
  queuedAt: number;
  released: boolean;
}

interface Source {
  active: boolean;
  /** Newest time this source has delivered: it will send nothing older. */
  last?: EventTime;
}

export interface TimeMergeQueueOptions<T> {
  emit: (item: T) => void;
  /** Longest wall-clock wait for slower sources (Relay's sort-buffer-drain-timeout, 1 s). */
  holdMs: number;
  /** Entries held at most; past that the oldest by time goes out at once. */
  maxSize: number;
  now?: () => number;
}

export class TimeMergeQueue<T> {
  private readonly heap = new MinHeap<Entry<T>>(before);
  /** The same entries in arrival order, to find the one that has waited longest. */
  private arrivals: Entry<T>[] = [];
  private arrivalsHead = 0;
  private readonly sources = new Map<string, Source>();
  private seq = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = Infinity;
  private closed = false;
  private readonly options: TimeMergeQueueOptions<T>;
  private readonly now: () => number;

  constructor(options: TimeMergeQueueOptions<T>) {
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.heap.size;
  }

  /** A source is active while it is streaming or about to: only active sources hold others back. */
  setActive(source: string, active: boolean): void {
    const state = this.source(source);
    if (state.active === active) return;
    state.active = active;
    this.drain();
  }

  /**
   * Queues an item. `advances` says whether its time moves the source's
   * watermark: true for flows; false for notices stamped with the sender's
   * current time, which say nothing about what the stream sends next.
   */
  push(source: string, item: T, time: EventTime, advances: boolean): void {
    if (this.closed) return;
    const state = this.source(source);
    if (advances && (!state.last || compareTimes(time, state.last) > 0)) state.last = time;
    const entry: Entry<T> = { item, time, seq: this.seq++, queuedAt: this.now(), released: false };
    this.heap.push(entry);
    this.arrivals.push(entry);
    this.drain();
  }

  /** Emits everything still queued, in time order. */
  flush(): void {
    while (this.heap.size > 0) this.release();
    this.schedule();
  }

  /** Drops what is queued and stops the timer. */
  close(): void {
    this.closed = true;
    this.heap.clear();
    this.arrivals = [];
    this.arrivalsHead = 0;
    this.clearTimer();
  }

  private source(id: string): Source {
    let state = this.sources.get(id);
    if (!state) {
      state = { active: false };
      this.sources.set(id, state);
    }
    return state;
  }

  /** The time every active source has passed; undefined while one has sent nothing yet. */
  private watermark(): EventTime | "all" | undefined {
    let low: EventTime | "all" = "all";
    for (const state of this.sources.values()) {
      if (!state.active) continue;
      if (!state.last) return undefined;
      if (low === "all" || compareTimes(state.last, low) < 0) low = state.last;
    }
    return low;
  }

  private drain(): void {
    if (this.closed) return;
    const mark = this.watermark();
    const now = this.now();
    for (;;) {
      const head = this.heap.peek();
      if (!head) break;
      const overfull = this.heap.size > this.options.maxSize;
      const passed = mark === "all" || (mark !== undefined && compareTimes(head.time, mark) <= 0);
      const oldest = this.oldestArrival();
      const waitedEnough = oldest !== undefined && oldest.queuedAt + this.options.holdMs <= now;
      if (!overfull && !passed && !waitedEnough) break;
      this.release();
    }
    this.schedule();
  }

  private release(): void {
    const entry = this.heap.pop();
    if (!entry) return;
    entry.released = true;
    this.options.emit(entry.item);
  }

  private oldestArrival(): Entry<T> | undefined {
    while (this.arrivalsHead < this.arrivals.length && this.arrivals[this.arrivalsHead]?.released) this.arrivalsHead++;
    // Compact now and then so the arrival list does not grow without bound.
    if (this.arrivalsHead > 1024 && this.arrivalsHead * 2 > this.arrivals.length) {
      this.arrivals = this.arrivals.slice(this.arrivalsHead);
      this.arrivalsHead = 0;
    }
    return this.arrivals[this.arrivalsHead];
  }

  /** One timer, due when the longest-waiting entry has waited `holdMs`. */
  private schedule(): void {
    const oldest = this.oldestArrival();
    if (!oldest) {
      this.clearTimer();
      return;
    }
    const at = oldest.queuedAt + this.options.holdMs;
    if (this.timer !== undefined && this.timerAt === at) return;
    this.clearTimer();
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.drain();
    }, Math.max(0, at - this.now()));
    // A pending merge must not keep the process alive on its own.
    this.timer.unref?.();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }
}

/** Earlier time first; equal times keep arrival order. */
function before<T>(a: Entry<T>, b: Entry<T>): boolean {
  return compareTimes(a.time, b.time) < 0 || (compareTimes(a.time, b.time) === 0 && a.seq < b.seq);
}
