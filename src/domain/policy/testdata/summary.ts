// Test support: one-line summaries of verdicts, so test tables read like `hubble observe` output
// ("L3-L4 REDIRECTED [allow-frontend-l7]") instead of nested objects.

import { DropReason, Verdict } from "../../../gen/flow/flow_pb.ts";
import type { DirectionVerdict, L7Verdict } from "../result.ts";

function enumName(table: Readonly<Record<string, number>>, value: number | undefined): string {
  return Object.entries(table).find(([, number]) => number === value)?.[0] ?? String(value);
}

/** `unenforced`, or `<match word> <Hubble verdict>[ <drop reason>][ <proxy>] [policy, …]` with policies sorted. */
export function summarizeDirection(verdict: DirectionVerdict): string {
  if (!verdict.enforced) return "unenforced";
  const parts: string[] = [verdict.matchWord, enumName(Verdict, verdict.flowVerdict)];
  if (verdict.dropReason !== undefined) parts.push(enumName(DropReason, verdict.dropReason));
  if (verdict.proxy !== undefined) parts.push(`proxy=${verdict.proxy}`);
  const by = verdict.flowVerdict === Verdict.DROPPED ? verdict.deniedBy : verdict.allowedBy;
  parts.push(`[${by.map((p) => p.name).toSorted().join(", ")}]`);
  return parts.join(" ");
}

/** `none`, or `<direction> <proxy> <FORWARDED|DROPPED>[ 403|REFUSED] [policy, …]`. */
export function summarizeL7(verdict: L7Verdict | undefined): string {
  if (verdict === undefined) return "none";
  const parts: string[] = [verdict.direction, verdict.proxy, enumName(Verdict, verdict.flowVerdict)];
  if (verdict.httpStatus !== undefined) parts.push(String(verdict.httpStatus));
  if (verdict.dnsRcode !== undefined) parts.push(verdict.dnsRcode);
  parts.push(`[${verdict.allowedBy.map((p) => p.name).toSorted().join(", ")}]`);
  return parts.join(" ");
}
