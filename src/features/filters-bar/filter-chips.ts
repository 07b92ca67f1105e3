// The typed filter as removable chips. Chips come from the parsed filters
// (not the raw text), so what a chip shows is what the server will apply.
import { parseObserveFlags } from "../../domain/filters/parse-observe-flags.ts";
import { formatObserveCommandLine, formatObserveFlags, type ObserveFlagChip } from "../../domain/filters/format-observe-flags.ts";

export type ChipsResult = { ok: true; chips: ObserveFlagChip[] } | { ok: false; error: string };

/** Chips for a filter text, or the reason it does not parse. */
export function filterChips(filter: string): ChipsResult {
  if (filter.trim() === "") return { ok: true, chips: [] };
  const parsed = parseObserveFlags(filter, { defaultLast: 0n });
  if (!parsed.ok) return { ok: false, error: parsed.error.message };
  return { ok: true, chips: formatObserveFlags(parsed.request) };
}

/** The filter text once `typed` is added, or the reason it cannot be. */
export function addToFilter(filter: string, typed: string): { ok: true; filter: string } | { ok: false; error: string } {
  const combined = `${filter} ${typed}`.trim();
  const result = filterChips(combined);
  return result.ok ? { ok: true, filter: formatObserveCommandLine(result.chips) } : result;
}

/** The filter text without chip `index`. */
export function removeChip(chips: readonly ObserveFlagChip[], index: number): string {
  return formatObserveCommandLine(chips.filter((_, i) => i !== index));
}

export function chipText(chip: ObserveFlagChip): string {
  return `${chip.negated ? "not " : ""}${chip.flag}${chip.value === undefined ? "" : ` ${chip.value}`}`;
}
