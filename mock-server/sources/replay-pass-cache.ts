// Keeps the encoded events of a looping replay's first pass, so later passes re-stamp bytes
// (restamp-encoded.ts) instead of decoding the JSON again: ~100 µs of decoding and encoding per
// flow saved, for ~900 bytes of memory per flow. Bounded: a file is kept whole or not at all,
// and once the files kept reach the limit no more are, so memory stops growing after the first
// pass and a set larger than the limit is partly re-decoded each pass, as before.

/** A file's events as the first pass read them. */
export interface CachedFile<T> {
  readonly count: number;
  /** Agent and debug events the file holds (skipped on every pass). */
  readonly skipped: number;
  item(i: number): T;
  /** The recorded time, or undefined for an event without one. */
  recordedMs(i: number): number | undefined;
  line(i: number): number;
}

/** Records one file while the first pass reads it. */
export interface CacheRecorder<T> {
  add(item: T, recordedMs: number | undefined, line: number): void;
  skipped(): void;
  /** The file was read to its end: keep it (unless it outgrew the limit). */
  commit(): void;
}

export interface ReplayCache<T> {
  get(file: string): CachedFile<T> | undefined;
  /** A recorder for a file not kept yet, or undefined once the cache is full. */
  record(file: string): CacheRecorder<T> | undefined;
}

/** Encodings are copied into chunks this big: one allocation per few thousand events. */
const CHUNK_BYTES = 4 * 1024 * 1024;

/** A ReplayCache of encoded events holding at most `limitBytes` of encodings. */
export class EncodedPassCache implements ReplayCache<Uint8Array> {
  private readonly files = new Map<string, EncodedFile>();
  private readonly limitBytes: number;
  private usedBytes = 0;
  private full = false;

  constructor(limitBytes: number) {
    this.limitBytes = limitBytes;
  }

  get(file: string): CachedFile<Uint8Array> | undefined {
    return this.files.get(file);
  }

  record(file: string): CacheRecorder<Uint8Array> | undefined {
    if (this.full || this.files.has(file)) return undefined;
    const recording = new EncodedFile();
    return {
      add: (item, recordedMs, line) => {
        if (this.full) return;
        if (this.usedBytes + recording.bytes + item.length > this.limitBytes) {
          this.full = true;
          return;
        }
        recording.add(item, recordedMs, line);
      },
      skipped: () => void recording.skippedCount++,
      commit: () => {
        if (this.full) return;
        recording.trim();
        this.usedBytes += recording.bytes;
        this.files.set(file, recording);
      },
    };
  }
}

/** One file's encodings, back to back in chunks, with their times and line numbers. */
class EncodedFile implements CachedFile<Uint8Array> {
  count = 0;
  skippedCount = 0;
  bytes = 0;
  private readonly chunks: Uint8Array[] = [];
  private chunkUsed = 0;
  // Per event: its chunk, where it starts and ends there, its time (NaN: none) and line.
  private chunkOf = new Uint32Array(1024);
  private starts = new Uint32Array(1024);
  private ends = new Uint32Array(1024);
  private times = new Float64Array(1024);
  private lines = new Uint32Array(1024);

  get skipped(): number {
    return this.skippedCount;
  }

  add(item: Uint8Array, recordedMs: number | undefined, line: number): void {
    let chunk = this.chunks.at(-1);
    if (chunk === undefined || chunk.length - this.chunkUsed < item.length) {
      chunk = new Uint8Array(Math.max(CHUNK_BYTES, item.length));
      this.chunks.push(chunk);
      this.chunkUsed = 0;
    }
    if (this.count === this.starts.length) this.grow();
    chunk.set(item, this.chunkUsed);
    const i = this.count++;
    this.chunkOf[i] = this.chunks.length - 1;
    this.starts[i] = this.chunkUsed;
    this.ends[i] = this.chunkUsed += item.length;
    this.times[i] = recordedMs ?? Number.NaN;
    this.lines[i] = line;
    this.bytes += item.length;
  }

  /** Gives back the unused end of the last chunk (a small file would otherwise hold 4 MiB). */
  trim(): void {
    const last = this.chunks.at(-1);
    if (last !== undefined) this.chunks[this.chunks.length - 1] = last.slice(0, this.chunkUsed);
  }

  item(i: number): Uint8Array {
    const chunk = this.chunks[this.chunkOf[i] ?? 0] ?? new Uint8Array(0);
    return chunk.subarray(this.starts[i], this.ends[i]);
  }

  recordedMs(i: number): number | undefined {
    const ms = this.times[i] ?? Number.NaN;
    return Number.isNaN(ms) ? undefined : ms;
  }

  line(i: number): number {
    return this.lines[i] ?? 0;
  }

  private grow(): void {
    const size = this.starts.length * 2;
    const grown = <A extends Uint32Array | Float64Array>(old: A, make: (n: number) => A): A => {
      const next = make(size);
      next.set(old);
      return next;
    };
    this.chunkOf = grown(this.chunkOf, (n) => new Uint32Array(n));
    this.starts = grown(this.starts, (n) => new Uint32Array(n));
    this.ends = grown(this.ends, (n) => new Uint32Array(n));
    this.times = grown(this.times, (n) => new Float64Array(n));
    this.lines = grown(this.lines, (n) => new Uint32Array(n));
  }
}
