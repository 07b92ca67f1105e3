// Stage markers as one compact URL parameter, so a shared link shows the same stages:
//
//   smg9hfi80-1_20Allow_2DAll.syq0-2_20DNS.u9ix-my_20mark
//
// Markers are joined by "."; each is a source letter (s simulator, u user), a time in base 36
// (milliseconds since the epoch for the first marker, then milliseconds after the previous one,
// which keeps the string short), "-", and the label with letters and digits as themselves and
// every other UTF-8 byte as "_XX" (hex). Only letters, digits, ".", "-" and "_" appear, which a
// URL's query keeps as they are. Parsing checks every part and answers with an error naming the
// bad part instead of throwing: a hand-edited link must never take the page down.
import { MAX_LABEL, MAX_MARKERS, type StageMarker, type StageMarkerSource, addMarker, normalizeLabel } from "./stage-timeline.ts";

/** Parsed markers, or why the parameter was refused and which part of it. */
export type StageParamResult = { readonly ok: true; readonly markers: readonly StageMarker[] } | { readonly ok: false; readonly error: string; readonly part: string };

/** Latest time a JavaScript Date can hold. */
const MAX_TIME_MS = 8.64e15;
const MAX_PARAM = 16_384;
const SOURCE_LETTER: Readonly<Record<StageMarkerSource, string>> = { simulator: "s", user: "u" };
const LETTER_SOURCE: Readonly<Record<string, StageMarkerSource>> = { s: "simulator", u: "user" };
const PLAIN = /^[A-Za-z0-9]$/;

function encodeLabel(label: string): string {
  let out = "";
  for (const char of label) {
    if (PLAIN.test(char)) out += char;
    else for (const byte of new TextEncoder().encode(char)) out += `_${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** Markers as the URL parameter value; "" for none. */
export function formatStageParam(markers: readonly StageMarker[]): string {
  let previous = 0;
  return markers
    .toSorted((a, b) => a.timeMs - b.timeMs)
    .map((marker, i) => {
      // Times before 1970 cannot be written (a "-" would end the time); flow times never are.
      const time = Math.max(0, Math.floor(marker.timeMs));
      const value = i === 0 ? time : time - previous;
      previous = time;
      return `${SOURCE_LETTER[marker.source]}${value.toString(36)}-${encodeLabel(marker.label)}`;
    })
    .join(".");
}

/** Decodes `_XX` escapes; an error message for a bad escape or bytes that are not UTF-8. */
function decodeLabel(text: string): { label: string } | { error: string } {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char !== "_") {
      if (!PLAIN.test(char)) return { error: `label has "${char}", which is neither a letter, a digit nor an _XX escape` };
      bytes.push(char.charCodeAt(0));
      continue;
    }
    const hex = text.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return { error: `label escape "_${hex}" is not "_" and two hex digits` };
    bytes.push(Number.parseInt(hex, 16));
    i += 2;
  }
  try {
    return { label: new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array(bytes)) };
  } catch {
    return { error: "label escapes are not valid UTF-8" };
  }
}

function fail(error: string, part: string): StageParamResult {
  return { ok: false, error, part };
}

/**
 * The markers of a URL parameter value, or an error naming the bad part (`stage marker 2
 * "sx!-a": time "x!" is not a base-36 number`). "" gives no markers.
 */
export function parseStageParam(text: string): StageParamResult {
  if (text === "") return { ok: true, markers: [] };
  if (text.length > MAX_PARAM) return fail(`stage markers are ${text.length} characters long, more than ${MAX_PARAM}`, text.slice(0, 40));
  const parts = text.split(".");
  if (parts.length > MAX_MARKERS) return fail(`${parts.length} stage markers, more than ${MAX_MARKERS}`, text.slice(0, 40));
  let markers: readonly StageMarker[] = [];
  let previous = 0;
  for (const [i, part] of parts.entries()) {
    const where = `stage marker ${i + 1} "${part.length > 40 ? `${part.slice(0, 40)}…` : part}"`;
    const source = LETTER_SOURCE[part.charAt(0)];
    if (source === undefined) return fail(`${where}: starts with "${part.charAt(0)}", not s (simulator) or u (user)`, part);
    const dash = part.indexOf("-");
    if (dash < 0) return fail(`${where}: has no "-" between time and label`, part);
    const timeText = part.slice(1, dash);
    if (!/^[0-9a-z]{1,11}$/.test(timeText)) return fail(`${where}: time "${timeText}" is not a base-36 number`, part);
    const time = (i === 0 ? 0 : previous) + Number.parseInt(timeText, 36);
    if (time > MAX_TIME_MS) return fail(`${where}: time ${timeText} is past the year 275760`, part);
    const decoded = decodeLabel(part.slice(dash + 1));
    if ("error" in decoded) return fail(`${where}: ${decoded.error}`, part);
    const label = normalizeLabel(decoded.label);
    if (label === "") return fail(`${where}: label is empty`, part);
    if (decoded.label.length > MAX_LABEL) return fail(`${where}: label is longer than ${MAX_LABEL} characters`, part);
    markers = addMarker(markers, { timeMs: time, label, source });
    previous = time;
  }
  return { ok: true, markers };
}
