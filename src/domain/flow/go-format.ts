// Small re-implementations of the Go standard-library formatting the hubble CLI
// relies on (time layouts, strconv.Quote, path.Join, net.JoinHostPort), so the
// compact line matches the CLI byte for byte without a Go runtime.
import type { Timestamp } from "@bufbuild/protobuf/wkt";

/** `--time-format` names the compact printer supports (the CLI's default is StampMilli). */
export type CompactTimeFormat = "StampMilli" | "RFC3339" | "RFC3339Milli" | "RFC3339Micro" | "RFC3339Nano";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
// timestamppb.IsValid: 0001-01-01T00:00:00Z <= t < 10000-01-01T00:00:00Z, 0 <= nanos < 1e9.
const MIN_VALID_SECONDS = -62135596800n;
const MAX_VALID_SECONDS = 253402300800n;

const pad = (n: number, width: number): string => String(n).padStart(width, "0");

/**
 * Formats a protobuf Timestamp in UTC the way Go's `time.Format` does for the
 * given layout; "N/A" for an absent or invalid timestamp (as the CLI prints).
 * Fractions are truncated, never rounded, as in Go.
 */
export function formatGoTime(ts: Timestamp | undefined, format: CompactTimeFormat = "StampMilli"): string {
  if (ts === undefined || ts.seconds < MIN_VALID_SECONDS || ts.seconds >= MAX_VALID_SECONDS) {
    return "N/A";
  }
  if (ts.nanos < 0 || ts.nanos >= 1e9) {
    return "N/A";
  }
  const date = new Date(Number(ts.seconds) * 1000);
  const clock = `${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)}`;
  const nanos = pad(ts.nanos, 9);
  if (format === "StampMilli") {
    // Layout "Jan _2 15:04:05.000": the day is padded with a space, not a zero.
    const day = String(date.getUTCDate()).padStart(2, " ");
    return `${MONTHS[date.getUTCMonth()]} ${day} ${clock}.${nanos.slice(0, 3)}`;
  }
  const day = `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
  // ".999…" layouts print up to N digits and drop trailing zeros (and the dot).
  const digits = { RFC3339: 0, RFC3339Milli: 3, RFC3339Micro: 6, RFC3339Nano: 9 }[format];
  const fraction = nanos.slice(0, digits).replace(/0+$/, "");
  return `${day}T${clock}${fraction === "" ? "" : `.${fraction}`}Z`;
}

const NON_PRINTABLE = /[\p{C}\p{Z}]/u;

/**
 * Go's `strconv.Quote` (used by `%q`): double quotes, backslash escapes, and
 * `\x`/`\u`/`\U` escapes for characters Go does not consider printable.
 */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    const simple = SIMPLE_ESCAPES.get(ch);
    if (simple !== undefined) {
      out += simple;
    } else if (code < 0x20 || code === 0x7f) {
      out += `\\x${code.toString(16).padStart(2, "0")}`;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      // A lone surrogate is invalid UTF-8 for Go; it quotes the replacement rune.
      out += "\\ufffd";
    } else if (ch !== " " && NON_PRINTABLE.test(ch)) {
      out += code < 0x10000 ? `\\u${code.toString(16).padStart(4, "0")}` : `\\U${code.toString(16).padStart(8, "0")}`;
    } else {
      out += ch;
    }
  }
  return `${out}"`;
}

const SIMPLE_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['"', '\\"'],
  ["\\", "\\\\"],
  ["\x07", "\\a"],
  ["\b", "\\b"],
  ["\f", "\\f"],
  ["\n", "\\n"],
  ["\r", "\\r"],
  ["\t", "\\t"],
  ["\v", "\\v"],
]);

/** Go's `path.Join`: joins the non-empty parts with "/" and cleans the result. */
export function goPathJoin(...parts: string[]): string {
  const joined = parts.filter((part) => part !== "").join("/");
  return joined === "" ? "" : goPathClean(joined);
}

/** Go's `path.Clean` (lexical: collapses "//", "." and ".." elements). */
export function goPathClean(path: string): string {
  if (path === "") {
    return ".";
  }
  const rooted = path.startsWith("/");
  const out: string[] = [];
  for (const element of path.split("/")) {
    if (element === "" || element === ".") {
      continue;
    }
    if (element === "..") {
      if (out.length > 0 && out.at(-1) !== "..") {
        out.pop();
      } else if (!rooted) {
        out.push("..");
      }
      continue;
    }
    out.push(element);
  }
  const cleaned = (rooted ? "/" : "") + out.join("/");
  return cleaned === "" ? "." : cleaned;
}

/** Go's `net.JoinHostPort`: brackets a host that contains a colon (IPv6). */
export function goJoinHostPort(host: string, port: string): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

const utf8 = new TextEncoder();

/**
 * The CLI's `joinWithCutOff`: joins names but stops once the text passes
 * `targetLength` bytes (always keeping the first), then appends " (and N more)".
 */
export function joinWithCutOff(items: readonly string[], separator: string, targetLength: number): string {
  let length = 0;
  let end = items.length;
  for (const [index, item] of items.entries()) {
    length += utf8.encode(item).length + utf8.encode(separator).length;
    if (length > targetLength && index > 0) {
      end = index;
      break;
    }
  }
  const joined = items.slice(0, end).join(separator);
  const omitted = items.length - end;
  return omitted === 0 ? joined : `${joined} (and ${omitted} more)`;
}
