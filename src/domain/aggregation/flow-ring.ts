// The browser's flow history: a fixed-capacity ring that the stream appends
// batches to and the table reads newest first. Hubble UI keeps 1,024 flows in
// an array it re-sorts and re-slices on every batch; this keeps 250,000 and
// never copies a flow.
//
// Every appended flow gets a sequence number (0, 1, 2, … for the life of the
// ring, never reused, not even after clear()). Sequence numbers are the row
// keys: a row keeps its key while newer flows push it down, so a virtualised
// table does not re-key or jump, and a selection survives appends.
//
// Reads can be bounded by a sequence number ("everything that had arrived
// when the user paused"): rows below the bound never move when newer flows
// arrive; eviction only removes rows from the old end.
//
// Traded away: the ring is mutable (not a persistent structure), so React
// components read it by `version` (a memo key) instead of by identity, and a
// filtered view scans each flow once, synchronously: a new predicate over a
// full ring costs one predicate call per stored flow (~250k) in one task.
import type { Flow } from "../../gen/flow/flow_pb.ts";

/** Capacity used when none is given: enough for minutes of a busy cluster. */
export const DEFAULT_FLOW_RING_CAPACITY = 250_000;

/** A sequence bound above every flow a ring will ever hold. */
export const NO_BOUND = Number.MAX_SAFE_INTEGER;

/**
 * Newest-first rows over a {@link FlowRing}: the ring itself or a
 * {@link FilteredFlowView}. Rows are identified by ring sequence numbers.
 */
export interface FlowRows {
  /** Number of live rows. */
  readonly size: number;
  /** Sequence number of the `index`-th newest row (0 = newest); undefined out of range. */
  seqAt(index: number): number | undefined;
  /** Number of live rows whose sequence number is below `bound`. */
  countBefore(bound: number): number;
  /**
   * Sequence number of the `index`-th newest row among those below `bound`
   * (0 = newest of them); undefined out of range. For a fixed bound, a row's
   * index never changes as flows are appended; eviction only shortens the end.
   */
  seqBefore(bound: number, index: number): number | undefined;
}

/**
 * A bounded ring buffer of flows. Appending is O(batch); indexed reads, size
 * and lookups by sequence number are O(1).
 */
export class FlowRing implements FlowRows, Iterable<Flow> {
  /** Maximum number of flows kept; the oldest are overwritten first. */
  readonly capacity: number;
  private readonly slots: (Flow | undefined)[];
  /** Sequence number of the oldest live flow. */
  private first = 0;
  /** Sequence number the next appended flow gets. */
  private next = 0;
  private changes = 0;

  /** @throws RangeError unless `capacity` is a positive safe integer. */
  constructor(capacity: number = DEFAULT_FLOW_RING_CAPACITY) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new RangeError(`flow ring capacity must be a positive integer, got ${capacity}`);
    }
    this.capacity = capacity;
    this.slots = Array.from<Flow | undefined>({ length: capacity });
  }

  /** Number of flows held (≤ capacity). */
  get size(): number {
    return this.next - this.first;
  }

  /**
   * Increases on every append of a non-empty batch and on every clear(), never
   * otherwise: a memo key for anything derived from the ring's contents.
   */
  get version(): number {
    return this.changes;
  }

  /** Sequence number of the oldest flow held (equals nextSeq when empty). */
  get firstSeq(): number {
    return this.first;
  }

  /** Sequence number the next appended flow will get: the number of flows ever appended. */
  get nextSeq(): number {
    return this.next;
  }

  /**
   * Appends a batch, oldest first (stream order). When the ring is full the
   * oldest flows are overwritten; a batch longer than the capacity keeps only
   * its newest `capacity` flows, but every flow still consumes a sequence number.
   */
  append(flows: readonly Flow[]): void {
    if (flows.length === 0) return;
    const skipped = Math.max(0, flows.length - this.capacity);
    for (let i = skipped; i < flows.length; i++) {
      this.slots[(this.next + i) % this.capacity] = flows[i];
    }
    this.next += flows.length;
    this.first = Math.max(this.first, this.next - this.capacity);
    this.changes++;
  }

  /** Drops every flow (sequence numbers keep counting up, so old row keys are never reused). */
  clear(): void {
    if (this.size === this.capacity) {
      this.slots.fill(undefined);
    } else {
      for (let seq = this.first; seq < this.next; seq++) this.slots[seq % this.capacity] = undefined;
    }
    this.first = this.next;
    this.changes++;
  }

  /** The `index`-th newest flow (0 = newest), or undefined out of range. */
  at(index: number): Flow | undefined {
    const seq = this.seqAt(index);
    return seq === undefined ? undefined : this.slots[seq % this.capacity];
  }

  seqAt(index: number): number | undefined {
    return this.seqBefore(NO_BOUND, index);
  }

  /** The flow with this sequence number, or undefined when evicted, cleared or not yet appended. */
  get(seq: number): Flow | undefined {
    return this.has(seq) ? this.slots[seq % this.capacity] : undefined;
  }

  /** Whether the flow with this sequence number is still held. */
  has(seq: number): boolean {
    return Number.isInteger(seq) && seq >= this.first && seq < this.next;
  }

  countBefore(bound: number): number {
    return Math.max(0, Math.min(bound, this.next) - this.first);
  }

  seqBefore(bound: number, index: number): number | undefined {
    if (!Number.isInteger(index) || index < 0) return undefined;
    const seq = Math.min(bound, this.next) - 1 - index;
    return seq >= this.first ? seq : undefined;
  }

  /** Newest first, with sequence numbers. */
  *entries(): IterableIterator<[seq: number, flow: Flow]> {
    // Re-checks the bounds each step so appends during iteration cannot yield a wrong flow.
    for (let seq = this.next - 1; seq >= this.first; seq--) {
      const flow = this.slots[seq % this.capacity];
      if (flow !== undefined) yield [seq, flow];
    }
  }

  /** Newest first. */
  *[Symbol.iterator](): IterableIterator<Flow> {
    for (const [, flow] of this.entries()) yield flow;
  }
}

/**
 * The flows of a ring that match a predicate, newest first, as sequence
 * numbers (no flow is copied). It catches up with the ring lazily on each read:
 * flows appended since the last read are tested once each, evicted ones are
 * dropped from the old end. A new predicate needs a new view (a full rescan).
 */
export class FilteredFlowView implements FlowRows {
  readonly ring: FlowRing;
  readonly predicate: (flow: Flow) => boolean;
  /** Matching sequence numbers, ascending; entries before `head` are evicted. */
  private matches: number[] = [];
  private head = 0;
  /** Every sequence number below this has been tested. */
  private scanned = 0;
  private seenVersion = -1;

  constructor(ring: FlowRing, predicate: (flow: Flow) => boolean) {
    this.ring = ring;
    this.predicate = predicate;
  }

  /** Catches up with the ring. Reads do this themselves; call it to do the work at a time of your choosing. */
  sync(): void {
    const ring = this.ring;
    if (ring.version !== this.seenVersion) {
      this.seenVersion = ring.version;
      for (let seq = Math.max(this.scanned, ring.firstSeq); seq < ring.nextSeq; seq++) {
        const flow = ring.get(seq);
        if (flow !== undefined && this.predicate(flow)) this.matches.push(seq);
      }
      this.scanned = ring.nextSeq;
    }
    const first = ring.firstSeq;
    while (this.head < this.matches.length && this.matches[this.head]! < first) this.head++;
    // Compact once the dead prefix dominates, so memory stays proportional to the live matches.
    if (this.head > 1024 && this.head * 2 > this.matches.length) {
      this.matches = this.matches.slice(this.head);
      this.head = 0;
    }
  }

  get size(): number {
    this.sync();
    return this.matches.length - this.head;
  }

  /** The `index`-th newest matching flow, or undefined out of range. */
  at(index: number): Flow | undefined {
    const seq = this.seqAt(index);
    return seq === undefined ? undefined : this.ring.get(seq);
  }

  seqAt(index: number): number | undefined {
    return this.seqBefore(NO_BOUND, index);
  }

  countBefore(bound: number): number {
    this.sync();
    return this.lowerBound(bound) - this.head;
  }

  seqBefore(bound: number, index: number): number | undefined {
    if (!Number.isInteger(index) || index < 0) return undefined;
    this.sync();
    const position = this.lowerBound(bound) - 1 - index;
    return position >= this.head ? this.matches[position] : undefined;
  }

  /** Index in `matches` of the first live entry ≥ bound (binary search). */
  private lowerBound(bound: number): number {
    let low = this.head;
    let high = this.matches.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.matches[middle]! < bound) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
