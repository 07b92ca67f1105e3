// The looping replay's cache of encodings: whole files or nothing, never past its limit, and each
// kept event given back with its bytes, time and line.
import { describe, expect, it } from "vitest";
import { EncodedPassCache } from "./replay-pass-cache.ts";

const bytes = (length: number, fill: number) => new Uint8Array(length).fill(fill);

function recordFile(cache: EncodedPassCache, file: string, sizes: number[], commit = true): void {
  const recorder = cache.record(file);
  sizes.forEach((size, i) => recorder?.add(bytes(size, i % 256), i === 1 ? undefined : 1_000 + i, i + 1));
  recorder?.skipped();
  if (commit) recorder?.commit();
}

describe("EncodedPassCache", () => {
  it.each([
    { name: "room for both files", limit: 10_000, kept: ["a", "b"] },
    { name: "room for the first file only", limit: 2_500, kept: ["a"] },
    { name: "no room for the first file", limit: 1_000, kept: [] },
  ])("keeps whole files while they fit: $name", ({ limit, kept }) => {
    const cache = new EncodedPassCache(limit);
    recordFile(cache, "a", [900, 900]);
    recordFile(cache, "b", [900, 900]);
    expect(["a", "b"].filter((file) => cache.get(file) !== undefined)).toEqual(kept);
  });

  it("stops recording once full, even files that would fit", () => {
    const cache = new EncodedPassCache(2_000);
    recordFile(cache, "big", [3_000]);
    expect(cache.record("small")).toBeUndefined();
  });

  it("keeps nothing of a file that was not read to its end", () => {
    const cache = new EncodedPassCache(10_000);
    recordFile(cache, "a", [100, 100], false);
    expect(cache.get("a")).toBeUndefined();
  });

  it("gives back each event's bytes, time and line, across chunk boundaries", () => {
    const cache = new EncodedPassCache(64 * 1024 * 1024);
    // 5 MiB events do not share 4 MiB chunks; the small ones around them do.
    const sizes = [10, 5 * 1024 * 1024, 20, 30, 5 * 1024 * 1024, 1];
    recordFile(cache, "a", sizes);
    const file = cache.get("a");
    expect(file?.count).toBe(sizes.length);
    expect(file?.skipped).toBe(1);
    sizes.forEach((size, i) => {
      const item = file?.item(i);
      expect(item?.length).toBe(size);
      expect(item?.every((byte) => byte === i % 256)).toBe(true);
      expect(file?.recordedMs(i)).toBe(i === 1 ? undefined : 1_000 + i);
      expect(file?.line(i)).toBe(i + 1);
    });
  });

  it("grows past its first index size", () => {
    const cache = new EncodedPassCache(1_000_000);
    recordFile(cache, "a", Array.from({ length: 5_000 }, () => 3));
    expect(cache.get("a")?.item(4_999)).toEqual(bytes(3, 4_999 % 256));
  });
});
