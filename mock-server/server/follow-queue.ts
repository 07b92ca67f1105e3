// A bounded queue between the store (which never waits) and one follow
// stream (which waits on its client). When the client falls behind, events are
// dropped and counted, and the stream is told with a lost_events notice, as
// Hubble does with its ring buffer reader.

export class FollowQueue<T> {
  private items: T[] = [];
  private waiter: (() => void) | undefined;
  private lost = 0;

  private readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  push(item: T): void {
    if (this.items.length >= this.limit) {
      this.lost++;
    } else {
      this.items.push(item);
    }
    this.wake();
  }

  /** Waits until an item or a loss is pending, or the signal aborts. */
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

  /** Takes everything queued, plus the number of items dropped since the last call. */
  drain(): { items: T[]; lost: number } {
    const items = this.items;
    const lost = this.lost;
    this.items = [];
    this.lost = 0;
    return { items, lost };
  }

  private pending(): boolean {
    return this.items.length > 0 || this.lost > 0;
  }

  private wake(): void {
    this.waiter?.();
  }
}
