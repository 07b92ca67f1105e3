// Value parsers the hubble CLI borrows from Go: strconv.ParseUint with base 0 (--last,
// --first, identities), time.ParseDuration and hubble's time layouts (--since, --until).
import { type Timestamp, TimestampSchema } from "@bufbuild/protobuf/wkt";
import { create } from "@bufbuild/protobuf";

/** Go's strconv.ParseUint(s, 0, bits): 0x / 0o / 0b / leading-0 octal prefixes, `_` separators. */
export function parseGoUint(text: string, bits: 32 | 64): bigint | undefined {
  let s = text;
  let base = 10;
  let prefixed = false;
  if (/^0[xX]/.test(s)) [base, s, prefixed] = [16, s.slice(2), true];
  else if (/^0[bB]/.test(s)) [base, s, prefixed] = [2, s.slice(2), true];
  else if (/^0[oO]/.test(s)) [base, s, prefixed] = [8, s.slice(2), true];
  else if (/^0./.test(s)) [base, s, prefixed] = [8, s.slice(1), true];
  const digit = { 2: "[01]", 8: "[0-7]", 10: "[0-9]", 16: "[0-9a-fA-F]" }[base]!;
  // Base 0 allows Go literal underscores: between digits, or right after a base prefix.
  const shape = new RegExp(`^${prefixed ? "_?" : ""}${digit}+(_${digit}+)*$`);
  if (!shape.test(s)) return undefined;
  const digits = s.replaceAll("_", "");
  const value = [...digits].reduce((acc, ch) => acc * BigInt(base) + BigInt(parseInt(ch, base)), 0n);
  return value < 1n << BigInt(bits) ? value : undefined;
}

/** Go's strconv.ParseUint(s, 10, bits): plain decimal digits, leading zeros allowed. */
export function parseDecimalUint(text: string, bits: 32 | 64): bigint | undefined {
  if (!/^[0-9]+$/.test(text)) return undefined;
  const value = BigInt(text);
  return value < 1n << BigInt(bits) ? value : undefined;
}

const UNIT_NANOS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  "µs": 1_000n,
  "μs": 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/** Go's time.ParseDuration in nanoseconds (`5m`, `1h30m`, `1.5h`, `-2s`), undefined when invalid. */
export function parseGoDuration(text: string): bigint | undefined {
  let s = text;
  let sign = 1n;
  if (s.startsWith("-") || s.startsWith("+")) {
    sign = s[0] === "-" ? -1n : 1n;
    s = s.slice(1);
  }
  if (s === "0") return 0n;
  if (s === "") return undefined;
  const part = /^([0-9]*)(?:\.([0-9]*))?(ns|us|µs|μs|ms|s|m|h)/u;
  let total = 0n;
  while (s !== "") {
    const m = part.exec(s);
    if (!m || (m[1] === "" && (m[2] ?? "") === "")) return undefined;
    const unit = UNIT_NANOS[m[3]!]!;
    total += BigInt(m[1] || "0") * unit;
    if (m[2]) total += (BigInt(m[2]) * unit) / 10n ** BigInt(m[2].length);
    s = s.slice(m[0].length);
  }
  return total >= 1n << 63n ? undefined : sign * total;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const ZONE = "(Z|[+-]\\d{2}:\\d{2})";
// hubble's time.go layouts: YearMonthDay, …Hour, …HourMinute, RFC3339 (with optional fraction,
// which covers RFC3339Milli/Micro/Nano) and RFC1123Z.
const LAYOUTS: readonly RegExp[] = [
  /^(\d{4})-(\d{2})-(\d{2})$/,
  new RegExp(`^(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2})${ZONE}$`),
  new RegExp(`^(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2})${ZONE}$`),
  new RegExp(`^(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d+))?${ZONE}$`),
];
const RFC1123Z = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/;

const MIN_SECONDS = -62135596800n; // 0001-01-01T00:00:00Z, Timestamp's lower bound
const MAX_SECONDS = 253402300799n; // 9999-12-31T23:59:59Z

function timestampFromNanos(nanos: bigint): Timestamp | undefined {
  let seconds = nanos / 1_000_000_000n;
  let rest = nanos % 1_000_000_000n;
  if (rest < 0n) {
    seconds -= 1n;
    rest += 1_000_000_000n;
  }
  if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) return undefined;
  return create(TimestampSchema, { seconds, nanos: Number(rest) });
}

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  fraction: string;
  offsetMinutes: number;
}

function fieldsToNanos(f: Fields): bigint | undefined {
  const daysInMonth = new Date(Date.UTC(f.year, f.month, 0)).getUTCDate();
  if (f.month < 1 || f.month > 12 || f.day < 1 || f.day > daysInMonth) return undefined;
  if (f.hour > 23 || f.minute > 59 || f.second > 59 || Math.abs(f.offsetMinutes) >= 24 * 60) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(f.year, f.month - 1, f.day);
  date.setUTCHours(f.hour, f.minute - f.offsetMinutes, f.second, 0);
  const fractionNanos = f.fraction === "" ? 0n : BigInt(f.fraction.slice(0, 9).padEnd(9, "0"));
  return BigInt(date.getTime()) * 1_000_000n + fractionNanos;
}

function parseZone(zone: string): number {
  if (zone === "Z") return 0;
  const minutes = Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6));
  return zone[0] === "-" ? -minutes : minutes;
}

function parseAbsolute(text: string): bigint | undefined {
  for (const layout of LAYOUTS) {
    const m = layout.exec(text);
    if (!m) continue;
    const zone = m.length > 4 ? m[m.length - 1]! : "Z";
    return fieldsToNanos({
      year: Number(m[1]),
      month: Number(m[2]),
      day: Number(m[3]),
      hour: Number(m[4] ?? 0),
      minute: m.length > 6 ? Number(m[5]) : 0,
      second: m.length > 7 ? Number(m[6]) : 0,
      fraction: m.length > 8 ? (m[7] ?? "") : "",
      offsetMinutes: parseZone(zone),
    });
  }
  const r = RFC1123Z.exec(text);
  if (!r) return undefined;
  const offset = (Number(r[9]) * 60 + Number(r[10])) * (r[8] === "-" ? -1 : 1);
  return fieldsToNanos({
    year: Number(r[4]),
    month: MONTHS.indexOf(r[3]!) + 1,
    day: Number(r[2]),
    hour: Number(r[5]),
    minute: Number(r[6]),
    second: Number(r[7]),
    fraction: "",
    offsetMinutes: offset,
  });
}

/**
 * hubble's time.FromString: a Go duration is "that long before now" (`5m`), otherwise one of
 * the accepted absolute layouts (`2024-01-02`, `2024-01-02T15:04:05.123Z`, RFC1123Z…).
 * @returns undefined when the text is neither, or outside Timestamp's range.
 */
export function parseObserveTime(text: string, now: Date): Timestamp | undefined {
  const duration = parseGoDuration(text);
  const nanos = duration !== undefined ? BigInt(now.getTime()) * 1_000_000n - duration : parseAbsolute(text);
  return nanos === undefined ? undefined : timestampFromNanos(nanos);
}
