import { describe, expect, it } from "vitest";
import { DropReasonSchema } from "../../gen/flow/flow_pb.ts";
import { DROP_REASON_TEXT, dropReasonText } from "./drop-reason-text.ts";

describe("dropReasonText", () => {
  it("has a text for every DropReason enum value except DROP_REASON_UNKNOWN", () => {
    const missing = DropReasonSchema.values.filter((v) => v.number !== 0 && !DROP_REASON_TEXT.has(v.number)).map((v) => v.name);
    expect(missing).toEqual([]);
  });

  it.each([
    [133, "Policy denied"],
    [151, "Stale or unroutable IP"],
    [181, "Policy denied by denylist"],
    [136, "Fragmentation needed"], // differs from the enum name CT_MISSING_TCP_ACK_FLAG
    [161, "NAT 46/64 not enabled"], // differs from FAILED_TO_INSERT_INTO_PROXYMAP
    [205, "Punt to proxy"],
    [0, "Success"],
    [159, "159, 0"], // a gap in the table
    [250, "250, 0"],
    [133 + 256, "Policy denied"], // the datapath field is one byte
  ])("%i → %s", (code, text) => {
    expect(dropReasonText(code)).toBe(text);
  });
});
