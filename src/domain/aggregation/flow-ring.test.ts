import { describe, expect, it } from "vitest";
import type { Flow } from "../../gen/flow/flow_pb.ts";
import { buildFlow } from "../../testing/flow-builders.ts";
import { FilteredFlowView, FlowRing, NO_BOUND, type FlowRows } from "./flow-ring.ts";

// Flows named by their uuid, so expectations read as letters: "a", "b", …
const flows = (names: string): Flow[] => [...names].map((uuid) => buildFlow({ uuid }));
const ringOf = (capacity: number, ...batches: string[]): FlowRing => {
  const ring = new FlowRing(capacity);
  for (const batch of batches) ring.append(flows(batch));
  return ring;
};
const newestFirst = (ring: FlowRing): string => [...ring].map((f) => f.uuid).join("");
const rowsBefore = (rows: FlowRows, ring: FlowRing, bound: number): string => {
  const out: string[] = [];
  for (let i = 0; i < rows.countBefore(bound); i++) out.push(ring.get(rows.seqBefore(bound, i)!)!.uuid);
  return out.join("");
};

describe("FlowRing", () => {
  it.each([
    // capacity, batches, newest first, firstSeq, nextSeq
    [5, [], "", 0, 0],
    [5, ["abc"], "cba", 0, 3],
    [5, ["abc", "de"], "edcba", 0, 5],
    [5, ["abc", "def"], "fedcb", 1, 6],
    [3, ["ab", "cd", "ef", "g"], "gfe", 4, 7],
    [3, ["abcdefg"], "gfe", 4, 7],
    [3, ["a", "bcdefgh"], "hgf", 5, 8],
    [1, ["a", "b", "c"], "c", 2, 3],
    [4, ["ab", "", "cd"], "dcba", 0, 4],
  ])("capacity %i, batches %j → %s", (capacity, batches, expected, firstSeq, nextSeq) => {
    const ring = ringOf(capacity, ...batches);
    expect(newestFirst(ring)).toBe(expected);
    expect(ring.size).toBe(expected.length);
    expect(ring.firstSeq).toBe(firstSeq);
    expect(ring.nextSeq).toBe(nextSeq);
    expect([...expected].map((_, i) => ring.at(i)?.uuid).join("")).toBe(expected);
    expect(ring.at(expected.length)).toBeUndefined();
    expect(ring.at(-1)).toBeUndefined();
  });

  it("keeps every sequence number attached to its flow across wrap-around", () => {
    const ring = ringOf(4, "abcdef"); // a..f get 0..5; only c..f are held
    expect([2, 3, 4, 5].map((seq) => ring.get(seq)?.uuid)).toEqual(["c", "d", "e", "f"]);
    expect(ring.get(1)).toBeUndefined();
    expect(ring.get(6)).toBeUndefined();
    ring.append(flows("gh"));
    expect(ring.get(5)?.uuid).toBe("f");
    expect(ring.get(7)?.uuid).toBe("h");
    expect(ring.get(3)).toBeUndefined();
    expect([ring.seqAt(0), ring.seqAt(3), ring.seqAt(4)]).toEqual([7, 4, undefined]);
    expect([...ring.entries()].map(([seq, f]) => `${seq}${f.uuid}`)).toEqual(["7h", "6g", "5f", "4e"]);
  });

  it("changes its version on every non-empty append and every clear, and never reuses sequence numbers", () => {
    const ring = new FlowRing(3);
    const versions = [ring.version];
    ring.append(flows("ab"));
    versions.push(ring.version);
    ring.append([]);
    versions.push(ring.version);
    ring.clear();
    versions.push(ring.version);
    expect(versions).toEqual([0, 1, 1, 2]);
    expect([ring.size, ring.firstSeq, ring.nextSeq, newestFirst(ring)]).toEqual([0, 2, 2, ""]);
    expect(ring.get(0)).toBeUndefined();
    ring.append(flows("c"));
    expect([ring.seqAt(0), ring.at(0)?.uuid]).toEqual([2, "c"]);
  });

  it("clears a full ring", () => {
    const ring = ringOf(2, "abc");
    ring.clear();
    expect([ring.size, newestFirst(ring)]).toEqual([0, ""]);
    ring.append(flows("d"));
    expect(newestFirst(ring)).toBe("d");
  });

  it.each([
    // bound, rows below it (newest first)
    [NO_BOUND, "fedc"],
    [6, "fedc"],
    [5, "edc"],
    [3, "c"],
    [2, ""],
    [0, ""],
  ])("bounded reads: below %i → %s", (bound, expected) => {
    const ring = ringOf(4, "abcdef");
    expect(ring.countBefore(bound)).toBe(expected.length);
    expect(rowsBefore(ring, ring, bound)).toBe(expected);
  });

  it("keeps bounded rows in place while newer flows arrive, losing only the oldest", () => {
    const ring = ringOf(5, "abc");
    const bound = ring.nextSeq; // "pause" here
    ring.append(flows("de"));
    expect(rowsBefore(ring, ring, bound)).toBe("cba");
    ring.append(flows("f")); // evicts a
    expect(rowsBefore(ring, ring, bound)).toBe("cb");
    expect(ring.countBefore(ring.nextSeq) - ring.countBefore(bound)).toBe(3); // d, e, f are new
  });

  it("rejects a capacity that is not a positive integer", () => {
    expect(() => new FlowRing(0)).toThrow(RangeError);
    expect(() => new FlowRing(1.5)).toThrow(RangeError);
    expect(new FlowRing().capacity).toBe(250_000);
  });
});

const vowels = (flow: Flow): boolean => "aeiou".includes(flow.uuid);
const viewRows = (view: FilteredFlowView): string => rowsBefore(view, view.ring, NO_BOUND);

describe("FilteredFlowView", () => {
  it.each([
    // capacity, batches before the view, batches after, matches newest first
    [10, ["abcde"], [], "ea"],
    [10, [], ["abc", "def"], "ea"],
    [10, ["ab"], ["cde", "fghi"], "iea"],
    [4, ["abcde"], [], "e"],
    [4, [], ["abcdefgh"], "e"],
    [4, ["ab"], ["cd", "ef", "ghij"], "i"],
    [3, ["a"], ["bcd", "efghijklmnopqrstu"], "u"],
  ])("capacity %i, %j then %j → %s", (capacity, before, after, expected) => {
    const ring = ringOf(capacity, ...before);
    const view = new FilteredFlowView(ring, vowels);
    for (const batch of after) {
      ring.append(flows(batch));
      void view.size; // a read in between makes the next batch incremental
    }
    expect(viewRows(view)).toBe(expected);
    expect(view.size).toBe(expected.length);
    expect([...expected].map((_, i) => view.at(i)?.uuid).join("")).toBe(expected);
    expect(view.at(expected.length)).toBeUndefined();
  });

  it("tests each flow once, however often it is read", () => {
    const ring = ringOf(100, "abcdef");
    let calls = 0;
    const view = new FilteredFlowView(ring, (flow) => {
      calls++;
      return vowels(flow);
    });
    expect(view.size).toBe(2);
    expect(viewRows(view)).toBe("ea");
    ring.append(flows("ghi"));
    expect(viewRows(view)).toBe("iea");
    expect(calls).toBe(9);
  });

  it("keeps paused rows in place and counts new matches", () => {
    const ring = ringOf(6, "abcde");
    const view = new FilteredFlowView(ring, vowels);
    const bound = ring.nextSeq;
    ring.append(flows("fghi")); // evicts a, b, c
    expect(rowsBefore(view, ring, bound)).toBe("e");
    expect(view.countBefore(NO_BOUND) - view.countBefore(bound)).toBe(1); // i
    expect(viewRows(view)).toBe("ie");
  });

  it("empties on clear and matches what comes after", () => {
    const ring = ringOf(10, "abcde");
    const view = new FilteredFlowView(ring, vowels);
    expect(view.size).toBe(2);
    ring.clear();
    expect(view.size).toBe(0);
    expect(view.seqAt(0)).toBeUndefined();
    ring.append(flows("uvw"));
    expect(viewRows(view)).toBe("u");
  });

  it("stays small when most matches have been evicted", () => {
    const ring = new FlowRing(10);
    const view = new FilteredFlowView(ring, () => true);
    for (let i = 0; i < 5000; i++) {
      ring.append(flows("x"));
      void view.size;
    }
    expect(view.size).toBe(10);
    expect(view.seqAt(0)).toBe(4999);
    expect(view.seqAt(9)).toBe(4990);
    expect(view.countBefore(4995)).toBe(5);
    expect(view.seqBefore(4995, 0)).toBe(4994);
  });
});
