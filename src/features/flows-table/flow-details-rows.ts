// The shape of the details drawer's content and small builders that drop
// empty values, rows and sections, so section code reads as a list of fields.
import type { ObserveFlagChip } from "../../domain/filters/format-observe-flags.ts";

/** One value; `filter` is the chip that selects flows with it (negate it for "exclude"). */
export interface DetailValue {
  text: string;
  filter?: ObserveFlagChip;
}

export interface DetailRow {
  label: string;
  values: DetailValue[];
}

export interface DetailSection {
  id: string;
  title: string;
  rows: DetailRow[];
}

/** A value with an optional filter; undefined for an empty text (the row builder drops those). */
export function detail(text: string | undefined, filter?: ObserveFlagChip): DetailValue | undefined {
  if (text === undefined || text === "") return undefined;
  return filter === undefined ? { text } : { text, filter };
}

/** A row of the non-empty values, or undefined when none is left. */
export function row(label: string, ...values: (DetailValue | undefined)[]): DetailRow | undefined {
  const kept = values.filter((value): value is DetailValue => value !== undefined);
  return kept.length === 0 ? undefined : { label, values: kept };
}

/** A section of the non-empty rows, or undefined when none is left. */
export function section(id: string, title: string, rows: (DetailRow | undefined)[]): DetailSection | undefined {
  const kept = rows.filter((r): r is DetailRow => r !== undefined);
  return kept.length === 0 ? undefined : { id, title, rows: kept };
}

