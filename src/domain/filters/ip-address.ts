// IP address and prefix parsing with the rules of Go's net/netip, which Hubble uses for
// source_ip / destination_ip / source_ip_xlated: IPv4 fields without leading zeros, IPv6 with
// one `::`, an optional embedded IPv4 tail and an optional `%zone`; prefixes need a `/bits`
// without sign or leading zero. Addresses are parsed into a caller-owned Uint32Array so the
// per-flow containment check allocates nothing.

/** Parse outcome: not an address, IPv4, IPv6, or IPv6 with a zone (never inside any prefix). */
export const AddrKind = { Invalid: 0, V4: 4, V6: 6, V6Zoned: 7 } as const;
/** One of {@link AddrKind}'s values. */
export type AddrKind = (typeof AddrKind)[keyof typeof AddrKind];

/** A parsed CIDR: `network` holds the masked address words, `mask` the netmask words. */
export interface IpPrefix {
  readonly kind: typeof AddrKind.V4 | typeof AddrKind.V6;
  readonly bits: number;
  readonly network: Uint32Array;
  readonly mask: Uint32Array;
}

function parseIPv4Into(s: string, start: number, end: number, out: Uint32Array, word: number): boolean {
  let value = 0;
  let fields = 0;
  let digits = 0;
  let acc = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits === 1 && acc === 0) return false; // leading zero, e.g. "01"
      acc = acc * 10 + (c - 48);
      digits++;
      if (acc > 255) return false;
    } else if (c === 46) {
      if (digits === 0 || fields === 3) return false;
      value = value * 256 + acc;
      fields++;
      acc = 0;
      digits = 0;
    } else {
      return false;
    }
  }
  if (digits === 0 || fields !== 3) return false;
  out[word] = value * 256 + acc;
  return true;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

// 16-bit groups are staged here before being packed into 32-bit words; module-level scratch
// buffers keep parsing allocation-free (JS runs one parse at a time).
const groups = new Uint16Array(8);
const embeddedV4 = new Uint32Array(1);

function parseIPv6Into(input: string, out: Uint32Array): AddrKind {
  let end = input.length;
  let kind: AddrKind = AddrKind.V6;
  const pct = input.indexOf("%");
  if (pct !== -1) {
    if (pct === input.length - 1) return AddrKind.Invalid; // empty zone
    end = pct;
    kind = AddrKind.V6Zoned;
  }
  groups.fill(0);
  let pos = 0;
  let g = 0; // next group index
  let ellipsis = -1;
  if (end - pos >= 2 && input.charCodeAt(0) === 58 && input.charCodeAt(1) === 58) {
    ellipsis = 0;
    pos = 2;
    if (pos === end) return packGroups(out, kind);
  }
  while (g < 8) {
    let off = 0;
    let acc = 0;
    while (pos + off < end) {
      const h = hexValue(input.charCodeAt(pos + off));
      if (h < 0) break;
      if (off > 3) return AddrKind.Invalid;
      acc = acc * 16 + h;
      off++;
    }
    if (off === 0) return AddrKind.Invalid;
    if (pos + off < end && input.charCodeAt(pos + off) === 46) {
      // Embedded IPv4 must fill the last two groups (directly or after a `::`).
      if ((ellipsis < 0 && g !== 6) || g + 2 > 8) return AddrKind.Invalid;
      if (!parseIPv4Into(input, pos, end, embeddedV4, 0)) return AddrKind.Invalid;
      groups[g] = embeddedV4[0]! >>> 16;
      groups[g + 1] = embeddedV4[0]! & 0xffff;
      g += 2;
      pos = end;
      break;
    }
    groups[g++] = acc;
    pos += off;
    if (pos === end) break;
    if (input.charCodeAt(pos) !== 58 || pos + 1 === end) return AddrKind.Invalid;
    pos++;
    if (input.charCodeAt(pos) === 58) {
      if (ellipsis >= 0) return AddrKind.Invalid;
      ellipsis = g;
      pos++;
      if (pos === end) break;
    }
  }
  if (pos !== end) return AddrKind.Invalid;
  if (g < 8) {
    if (ellipsis < 0) return AddrKind.Invalid;
    const shift = 8 - g;
    for (let j = g - 1; j >= ellipsis; j--) groups[j + shift] = groups[j]!;
    for (let j = ellipsis; j < ellipsis + shift; j++) groups[j] = 0;
  } else if (ellipsis >= 0) {
    return AddrKind.Invalid; // `::` must stand for at least one zero group
  }
  return packGroups(out, kind);
}

function packGroups(out: Uint32Array, kind: AddrKind): AddrKind {
  for (let w = 0; w < 4; w++) out[w] = groups[2 * w]! * 65536 + groups[2 * w + 1]!;
  return kind;
}

/**
 * Parses `text` like Go's `netip.ParseAddr` into `out` (IPv4 in `out[0]`, IPv6 in `out[0..3]`).
 * Returns the kind; `Invalid` leaves `out` unspecified.
 */
export function parseIpAddress(text: string, out: Uint32Array): AddrKind {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) return parseIPv4Into(text, 0, text.length, out, 0) ? AddrKind.V4 : AddrKind.Invalid;
    if (c === 58) return parseIPv6Into(text, out);
    if (c === 37) return AddrKind.Invalid; // '%' before any address
  }
  return AddrKind.Invalid;
}

/** Parses a CIDR like Go's `netip.ParsePrefix`; returns an error text when invalid. */
export function parseIpPrefix(text: string): IpPrefix | string {
  const slash = text.lastIndexOf("/");
  if (slash < 0) return "no '/'";
  const words = new Uint32Array(4);
  const kind = parseIpAddress(text.slice(0, slash), words);
  if (kind === AddrKind.Invalid) return `invalid address ${JSON.stringify(text.slice(0, slash))}`;
  if (kind === AddrKind.V6Zoned) return "IPv6 zones cannot be present in a prefix";
  const bitsText = text.slice(slash + 1);
  if (!/^(0|[1-9][0-9]*)$/.test(bitsText)) return `bad bits after slash: ${JSON.stringify(bitsText)}`;
  const bits = Number(bitsText);
  const maxBits = kind === AddrKind.V4 ? 32 : 128;
  if (bits > maxBits) return "prefix length out of range";
  const mask = new Uint32Array(4);
  for (let w = 0; w < 4; w++) {
    const covered = Math.min(32, Math.max(0, bits - 32 * w));
    mask[w] = covered === 0 ? 0 : (0xffffffff << (32 - covered)) >>> 0;
  }
  const network = new Uint32Array(4);
  for (let w = 0; w < 4; w++) network[w] = (words[w]! & mask[w]!) >>> 0;
  return { kind, bits, network, mask };
}

/** True when an address parsed by {@link parseIpAddress} lies in `prefix` (same family, no zone). */
export function prefixContains(prefix: IpPrefix, kind: AddrKind, words: Uint32Array): boolean {
  if (kind !== prefix.kind) return false;
  const count = kind === AddrKind.V4 ? 1 : 4;
  for (let w = 0; w < count; w++) {
    if (((words[w]! & prefix.mask[w]!) >>> 0) !== prefix.network[w]) return false;
  }
  return true;
}
