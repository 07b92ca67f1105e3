// http_path matches against the path Go's `url.ParseRequestURI(l7.http.url)` returns, and a URL
// Go cannot parse never matches. This reproduces the parts of net/url that decide both: scheme
// detection, query split, opaque (rootless) URLs, authority/port validation, percent-decoding.

function isControl(c: number): boolean {
  return c < 0x20 || c === 0x7f;
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Index of the scheme's ':' (0 < i), -1 when there is no scheme, -2 for Go's "missing protocol scheme". */
function schemeEnd(raw: string): number {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (isAlpha(c)) continue;
    if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46) {
      if (i === 0) return -1;
      continue;
    }
    if (c === 58) return i === 0 ? -2 : i;
    return -1;
  }
  return -1;
}

// Characters Go's shouldEscape(c, encodeHost) lets through unescaped in a host.
const HOST_SAFE = /^[0-9A-Za-z\-._~!$&'()*+,;=:[\]<>"%\u0080-\u{10ffff}]*$/u;
const USERINFO_SAFE = /^[0-9A-Za-z\-._:~!$&'()*+,;=%@]*$/;

function validPercentEscapes(s: string, host: boolean): boolean {
  for (let i = s.indexOf("%"); i !== -1; i = s.indexOf("%", i + 1)) {
    if (i + 2 >= s.length) return false;
    const hi = hexDigit(s.charCodeAt(i + 1));
    const lo = hexDigit(s.charCodeAt(i + 2));
    if (hi < 0 || lo < 0) return false;
    // In a host Go only accepts %25 (zone separator) or escapes of non-ASCII bytes.
    if (host && hi < 8 && s.slice(i, i + 3) !== "%25") return false;
  }
  return true;
}

function validPort(colonPort: string): boolean {
  return /^(:[0-9]*)?$/.test(colonPort);
}

function validAuthority(authority: string): boolean {
  const at = authority.lastIndexOf("@");
  const host = at < 0 ? authority : authority.slice(at + 1);
  if (at >= 0) {
    const userinfo = authority.slice(0, at);
    if (!USERINFO_SAFE.test(userinfo) || !validPercentEscapes(userinfo, false)) return false;
  }
  if (host.startsWith("[")) {
    const close = host.lastIndexOf("]");
    if (close < 0 || !validPort(host.slice(close + 1))) return false;
  } else {
    const colon = host.lastIndexOf(":");
    if (colon !== -1 && !validPort(host.slice(colon))) return false;
  }
  return HOST_SAFE.test(host) && validPercentEscapes(host, true);
}

function decodePath(raw: string): string | undefined {
  if (!validPercentEscapes(raw, false)) return undefined;
  if (!raw.includes("%")) return raw;
  // Percent escapes decode to bytes; invalid UTF-8 sequences become U+FFFD, as Go strings would print.
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < raw.length; i++) {
    if (raw.charCodeAt(i) === 37) {
      bytes.push(hexDigit(raw.charCodeAt(i + 1)) * 16 + hexDigit(raw.charCodeAt(i + 2)));
      i += 2;
    } else {
      const cp = raw.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      for (const b of encoder.encode(ch)) bytes.push(b);
      i += ch.length - 1;
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/**
 * The decoded path of `rawUrl` as Go's `url.ParseRequestURI` reports it, or undefined where Go
 * returns an error (relative references, bad escapes, control characters, bad ports…).
 */
export function requestUriPath(rawUrl: string): string | undefined {
  if (rawUrl === "") return undefined;
  for (let i = 0; i < rawUrl.length; i++) if (isControl(rawUrl.charCodeAt(i))) return undefined;
  if (rawUrl === "*") return "*";
  const colon = schemeEnd(rawUrl);
  if (colon === -2) return undefined;
  const hasScheme = colon > 0;
  let rest = hasScheme ? rawUrl.slice(colon + 1) : rawUrl;
  const q = rest.indexOf("?");
  if (q !== -1) rest = rest.slice(0, q);
  if (!rest.startsWith("/")) {
    // A rootless URL with a scheme is "opaque" (path empty); without a scheme Go refuses it.
    return hasScheme ? "" : undefined;
  }
  if (hasScheme && rest.startsWith("//")) {
    const slash = rest.indexOf("/", 2);
    const authority = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
    if (!validAuthority(authority)) return undefined;
    rest = slash < 0 ? "" : rest.slice(slash);
  }
  return decodePath(rest);
}
