// Reads Hubble JSON lines: `hubble observe -o jsonpb` output and exporter
// `events.log` files, one `observer.ExportEvent` per line (facts B.1, B.2).
// ExportEvent is a superset of GetFlowsResponse with the same field numbers,
// so both formats decode through it. Reading is lenient the way the facts ask:
// proto and lowerCamel keys, enum names or numbers, 64-bit values as strings
// or numbers, unknown keys and enum names skipped but counted. Every bad line
// becomes an error naming the line; every good line is kept.
//
// No I/O here: the Node replay source and the browser worker both feed text
// chunks, so there is no line-length limit (the CLI's bufio.Scanner stops at
// 64 KiB; we do not).
import { type JsonValue, fromJson } from "@bufbuild/protobuf";
import { type ExportEvent, ExportEventSchema } from "../../gen/observer/observer_pb.ts";
import { LENIENT_READ, collectUnknowns, explainDecodeError, isJsonObject } from "./json-field-check.ts";
import { describeJsonSyntaxError, quoteBigIntegers } from "./json-syntax.ts";

/** A line that decoded; `line` is 1-based. */
export interface FlowLineEvent {
  kind: "event";
  line: number;
  event: ExportEvent;
}

/** A line that did not decode. `message` is `source:line: reason`. */
export interface FlowLineError {
  kind: "error";
  line: number;
  reason: string;
  message: string;
}

export type FlowLineResult = FlowLineEvent | FlowLineError;

/** Running totals of a decoder. Unknown paths use proto names, e.g. `flow.some_new_field`. */
export interface FlowLineStats {
  lines: number;
  blankLines: number;
  events: number;
  errors: number;
  /** Unknown key path → number of good lines that had it. */
  unknownFields: Map<string, number>;
  /** `path=NAME` of enum names this schema does not know → count; the field reads as its default. */
  unknownEnumValues: Map<string, number>;
}

export interface FlowLineDecoder {
  /** Feeds the next piece of text; chunks may split lines (and CRLF pairs) anywhere. */
  push(chunk: string): FlowLineResult[];
  /** Flushes the last line when the input does not end with a newline. */
  end(): FlowLineResult[];
  readonly stats: FlowLineStats;
}

export type LineDecodeOutcome =
  | { ok: true; event: ExportEvent; unknownFields: string[]; unknownEnumValues: string[] }
  | { ok: false; reason: string };

/** The oneof `response_types` members, by every key fromJson accepts for them. */
const EVENT_KEYS: ReadonlySet<string> = new Set(
  ExportEventSchema.oneofs.flatMap((oneof) => oneof.fields.flatMap((field) => [field.name, field.jsonName])),
);
const EVENT_KEY_LIST = ExportEventSchema.oneofs.flatMap((oneof) => oneof.fields.map((f) => `"${f.name}"`)).join(", ");

/**
 * Decodes one line (without its newline) as an ExportEvent, leniently.
 * Returns the event and what was skipped, or the reason the line is bad.
 */
export function decodeFlowLine(text: string): LineDecodeOutcome {
  let json: JsonValue;
  try {
    json = JSON.parse(quoteBigIntegers(text)) as JsonValue;
  } catch (error) {
    return { ok: false, reason: describeJsonSyntaxError(text, error instanceof Error ? error.message : String(error)) };
  }
  if (!isJsonObject(json)) {
    const got = json === null ? "null" : Array.isArray(json) ? "an array" : `a ${typeof json}`;
    return { ok: false, reason: `expected a JSON object, got ${got}` };
  }
  const keys = Object.keys(json);
  if (!keys.some((key) => EVENT_KEYS.has(key) && json[key] !== null)) {
    const shown = keys.map((key) => (json[key] === null ? `"${key}" (null)` : `"${key}"`));
    const found = keys.length === 0 ? "an empty object" : `keys ${shown.join(", ")}`;
    return { ok: false, reason: `no event in the object: expected one of ${EVENT_KEY_LIST}, found ${found}` };
  }
  const unknownFields: string[] = [];
  const unknownEnumValues: string[] = [];
  collectUnknowns(ExportEventSchema, json, "", {
    unknownField: (path) => unknownFields.push(path),
    unknownEnumValue: (path, value) => unknownEnumValues.push(`${path}=${value}`),
  });
  try {
    const event = fromJson(ExportEventSchema, json, LENIENT_READ);
    return { ok: true, event, unknownFields, unknownEnumValues };
  } catch (error) {
    return { ok: false, reason: explainDecodeError(ExportEventSchema, json, "", error) };
  }
}

const increment = (counts: Map<string, number>, key: string): void => {
  counts.set(key, (counts.get(key) ?? 0) + 1);
};

/**
 * A streaming line decoder for one input (file name or URL in `source`, used
 * in error messages). Skips blank lines, strips CR before LF and a UTF-8 BOM
 * at the start of the input.
 */
export function createFlowLineDecoder(options: { source: string }): FlowLineDecoder {
  const { source } = options;
  const stats: FlowLineStats = {
    lines: 0,
    blankLines: 0,
    events: 0,
    errors: 0,
    unknownFields: new Map(),
    unknownEnumValues: new Map(),
  };
  // Pieces of the current, unfinished line; joined once its newline arrives so
  // a long line fed in many chunks costs one concatenation.
  let pending: string[] = [];
  let ended = false;

  const handle = (raw: string, out: FlowLineResult[]): void => {
    stats.lines++;
    const line = stats.lines;
    let text = line === 1 && raw.startsWith("\uFEFF") ? raw.slice(1) : raw;
    if (text.endsWith("\r")) text = text.slice(0, -1);
    if (text.trim() === "") {
      stats.blankLines++;
      return;
    }
    const outcome = decodeFlowLine(text);
    if (outcome.ok) {
      stats.events++;
      for (const path of outcome.unknownFields) increment(stats.unknownFields, path);
      for (const value of outcome.unknownEnumValues) increment(stats.unknownEnumValues, value);
      out.push({ kind: "event", line, event: outcome.event });
    } else {
      stats.errors++;
      out.push({ kind: "error", line, reason: outcome.reason, message: `${source}:${line}: ${outcome.reason}` });
    }
  };

  return {
    stats,
    push(chunk) {
      if (ended) throw new Error(`${source}: push() after end()`);
      const out: FlowLineResult[] = [];
      let start = 0;
      for (let newline = chunk.indexOf("\n"); newline >= 0; newline = chunk.indexOf("\n", start)) {
        const piece = chunk.slice(start, newline);
        handle(pending.length === 0 ? piece : pending.join("") + piece, out);
        pending = [];
        start = newline + 1;
      }
      if (start < chunk.length) pending.push(chunk.slice(start));
      return out;
    },
    end() {
      const out: FlowLineResult[] = [];
      if (!ended && pending.length > 0) handle(pending.join(""), out);
      pending = [];
      ended = true;
      return out;
    },
  };
}

/** Everything a whole text decoded to. */
export interface ParsedFlowLines {
  events: FlowLineEvent[];
  errors: FlowLineError[];
  stats: FlowLineStats;
}

/** Decodes a whole text (e.g. a file already in memory) in one go. */
export function parseFlowLines(text: string, source: string): ParsedFlowLines {
  const decoder = createFlowLineDecoder({ source });
  const results = [...decoder.push(text), ...decoder.end()];
  return {
    events: results.filter((r): r is FlowLineEvent => r.kind === "event"),
    errors: results.filter((r): r is FlowLineError => r.kind === "error"),
    stats: decoder.stats,
  };
}

/** Renders counts as `path: n` lines sorted by path, e.g. `flow.some_new_field: 3`. */
export function formatCounts(counts: ReadonlyMap<string, number>): string[] {
  return [...counts.entries()].toSorted(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, n]) => `${path}: ${n}`);
}
