// The simulator's only source of randomness: a small seeded generator (sfc32, seeded through
// xmur3 string hashing) so that `--seed` reproduces a run exactly. Math.random is never used.
// Independent streams (`fork("topology")`) keep pod names and IPs stable when traffic settings
// change, because traffic draws from another stream.

/** A deterministic pseudo-random generator. */
export interface Rng {
  /** Uniform 32-bit unsigned integer. */
  u32(): number;
  /** Uniform in [0, 1). */
  float(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** `n` characters from `alphabet`. */
  chars(n: number, alphabet: string): string;
  /** A random (version 4) UUID. */
  uuid(): string;
  /** A new generator whose sequence depends on this one's seed and `label`, not on its state. */
  fork(label: string): Rng;
}

/** xmur3: hashes a string into a stream of 32-bit seeds. */
function xmur3(text: string): () => number {
  let h = 1779033703 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  return () => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    h ^= h >>> 16;
    return h >>> 0;
  };
}

const HEX = "0123456789abcdef";

/** A generator for `seed` (any string or number; equal seeds give equal sequences). */
export function createRng(seed: string | number): Rng {
  const seedText = String(seed);
  const next = xmur3(seedText);
  let a = next();
  let b = next();
  let c = next();
  let d = next();
  const u32 = (): number => {
    // sfc32 (Chris Doty-Humphrey's Small Fast Counting generator).
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Warm up: the first outputs of sfc32 correlate with the seed words.
  for (let i = 0; i < 12; i++) u32();
  const float = (): number => u32() / 4294967296;
  const int = (min: number, max: number): number => min + Math.floor(float() * (max - min + 1));
  const chars = (n: number, alphabet: string): string => {
    let out = "";
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(float() * alphabet.length)] ?? "";
    return out;
  };
  return {
    u32,
    float,
    int,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error("pick from an empty list");
      return items[Math.floor(float() * items.length)] as T;
    },
    chars,
    uuid: () => {
      const hex = chars(32, HEX);
      const variant = HEX[8 + (u32() & 3)] ?? "8";
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    },
    fork: (label: string) => createRng(`${seedText}\u0000${label}`),
  };
}
