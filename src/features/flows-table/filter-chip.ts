// "Filter by this": a flow value becomes a `hubble observe` flag and value
// (an ObserveFlagChip, as the filter bar uses), but only when hubble's own
// parser accepts it, so a chip never turns into an invalid request.
import type { Flow } from "../../gen/flow/flow_pb.ts";
import { type ObserveFlagChip, chipArgs } from "../../domain/filters/format-observe-flags.ts";
import { RESERVED_IDENTITIES } from "../../domain/filters/observe-filter-flags.ts";
import { parseObserveFlags } from "../../domain/filters/parse-observe-flags.ts";
import { MonitorMessageType, messageTypeName, traceObservationPointWord } from "../../domain/flow/event-type-words.ts";

const validity = new Map<string, boolean>();

/**
 * The chip for `--flag value` (or a bare `--flag` when `value` is undefined),
 * or undefined when hubble would reject it. Answers are memoised: the same
 * pod, label or verdict comes up in flow after flow.
 */
export function filterChip(flag: string, value?: string): ObserveFlagChip | undefined {
  const chip: ObserveFlagChip = value === undefined ? { flag, negated: false } : { flag, value, negated: false };
  const key = value === undefined ? flag : `${flag}\u0000${value}`;
  let ok = validity.get(key);
  if (ok === undefined) {
    ok = parseObserveFlags(chipArgs(chip), { defaultLast: 0n }).ok;
    if (validity.size > 5000) validity.clear();
    validity.set(key, ok);
  }
  return ok ? chip : undefined;
}

/** Go's `regexp.QuoteMeta`: a RE2 pattern matching `text` literally. */
export function quoteMeta(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, "\\$&");
}

/** An anchored RE2 pattern for exactly `text` (for --http-path, --http-url, --dns-query). */
export function exactPattern(text: string): string {
  return `^${quoteMeta(text)}$`;
}

/** The `-t` value for this flow's event: `l7`, `drop`, `policy-verdict`, `trace:to-endpoint`, … */
export function eventTypeFlagValue(flow: Flow): string | undefined {
  const eventType = flow.eventType;
  if (eventType === undefined || eventType.type === 0) return undefined;
  const name = messageTypeName(eventType.type);
  if (eventType.type === MonitorMessageType.trace) {
    const point = traceObservationPointWord(eventType.subType);
    return /^\d+$/.test(point) ? name : `${name}:${point}`;
  }
  return name;
}

/** `--from-identity` value: a reserved name hubble knows, else the number. */
export function identityFlagValue(identity: number): string {
  const reserved = Object.entries(RESERVED_IDENTITIES).find(([, id]) => id === identity);
  return reserved?.[0] ?? String(identity);
}
