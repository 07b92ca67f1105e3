// How an edge's verdict mix is drawn and labelled. Colour alone fails colour-blind viewers and
// projectors, so the label says the verdict in words whenever it is not plain FORWARDED.
import type { EdgeVerdict, VerdictCounts } from "./graph-model.ts";

/**
 * The verdict an edge is drawn with:
 * - MIXED when some traffic was blocked (DROPPED / ERROR) and some passed (FORWARDED,
 *   REDIRECTED, AUDIT): the "policy half-applied" state worth noticing;
 * - otherwise DROPPED or ERROR, whichever is larger, when anything was blocked;
 * - otherwise AUDIT when anything was audited (would have been dropped: audited packets are
 *   forwarded too, so AUDIT beside FORWARDED is still AUDIT);
 * - otherwise REDIRECTED when any traffic went through the L7 proxy (`redirected` also counts
 *   uncounted reports such as policy verdicts, since proxied packets are traced as FORWARDED);
 * - otherwise FORWARDED, or OTHER for TRACED / TRANSLATED / unknown verdicts only.
 */
export function edgeVerdict(counts: VerdictCounts, redirected = counts.REDIRECTED): EdgeVerdict {
  const blocked = counts.DROPPED + counts.ERROR;
  const passed = counts.FORWARDED + counts.REDIRECTED + counts.AUDIT;
  if (blocked > 0 && passed > 0) return "MIXED";
  if (blocked > 0) return counts.DROPPED >= counts.ERROR ? "DROPPED" : "ERROR";
  if (counts.AUDIT > 0) return "AUDIT";
  if (redirected > 0) return "REDIRECTED";
  if (counts.FORWARDED > 0) return "FORWARDED";
  return "OTHER";
}

/** 12, 1.2k, 34k, 1.5M: short enough for an edge label. */
export function compactCount(n: number): string {
  if (n < 1000) return String(Math.round(n));
  if (n < 10_000) return `${(n / 1000).toFixed(1).replace(/\.0$/, "")}k`;
  if (n < 1_000_000) return `${Math.round(n / 1000)}k`;
  return `${(n / 1_000_000).toFixed(1).replace(/\.0$/, "")}M`;
}

/**
 * `80/TCP ×12`, then a second line naming the verdict unless it is FORWARDED:
 * `DROPPED`, `AUDIT`, `MIXED: 3 DROPPED, 1 ERROR`.
 */
export function edgeLabel(port: string, flows: number, verdict: EdgeVerdict, counts: VerdictCounts): string {
  const head = `${port} ×${compactCount(flows)}`;
  if (verdict === "FORWARDED") return head;
  if (verdict !== "MIXED") return `${head}\n${verdict}`;
  const parts: string[] = [];
  if (counts.DROPPED > 0) parts.push(`${compactCount(counts.DROPPED)} DROPPED`);
  if (counts.ERROR > 0) parts.push(`${compactCount(counts.ERROR)} ERROR`);
  if (counts.AUDIT > 0) parts.push(`${compactCount(counts.AUDIT)} AUDIT`);
  return `${head}\nMIXED: ${parts.join(", ")}`;
}

/** `80/TCP`, `53/UDP`, `ICMP` (v4), `ICMPv6`, `other`. */
export function portLabel(protocol: string, port: number): string {
  if (protocol === "ICMPv4") return "ICMP";
  return port > 0 ? `${port}/${protocol}` : protocol;
}
