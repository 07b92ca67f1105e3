// How simulated servers answer HTTP: httpbin (the shop backend: /get, /anything/…,
// /status/<code>), explicit routes (the deathstar's landing and exhaust port), and the headers
// that show up in Hubble's HTTP records.
import type { HTTPHeader } from "../../../src/gen/flow/flow_pb.ts";
import type { HttpServerSpec } from "./scenario-types.ts";

export interface HttpReply {
  readonly status: number;
  readonly body: string;
  readonly contentType: string;
  readonly latencyMs: number;
}

const REASONS: Readonly<Record<number, string>> = { 200: "OK", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 500: "Internal Server Error", 503: "Service Unavailable" };

function json(body: object): { status: number; body: string; contentType: string } {
  return { status: 200, body: `${JSON.stringify(body, null, 2)}\n`, contentType: "application/json" };
}

function httpbin(method: string, path: string, authority: string): { status: number; body: string; contentType: string } | undefined {
  const bare = path.split("?")[0] ?? path;
  if (bare === "/get") return method === "GET" ? json({ args: {}, headers: { Host: authority }, url: `http://${authority}${path}` }) : { status: 405, body: "", contentType: "text/html" };
  if (bare === "/anything" || bare.startsWith("/anything/")) return json({ method, url: `http://${authority}${path}` });
  const status = /^\/status\/(\d{3})$/.exec(bare);
  if (status !== null) return { status: Number(status[1]), body: "", contentType: "text/html; charset=utf-8" };
  if (bare === "/headers" || bare === "/ip" || bare === "/uuid") return json({});
  return undefined;
}

/** The answer of `server` (404-only when it has no HTTP behaviour) to one request. */
export function answerHttp(server: HttpServerSpec | undefined, method: string, path: string, authority: string, random: () => number): HttpReply {
  const [min, max] = server?.latencyMs ?? [1, 4];
  const latencyMs = min + (max - min) * random();
  const bare = path.split("?")[0] ?? path;
  for (const route of server?.routes ?? []) {
    if (route.method !== undefined && route.method !== method) continue;
    if (typeof route.path === "string" ? route.path !== bare : !route.path.test(bare)) continue;
    return { status: route.status, body: route.body ?? "", contentType: "text/plain; charset=utf-8", latencyMs };
  }
  const preset = server?.preset === "httpbin" ? httpbin(method, path, authority) : undefined;
  if (preset !== undefined) return { ...preset, latencyMs };
  const status = server?.defaultStatus ?? 404;
  return { status, body: REASONS[status] ?? "", contentType: "text/plain; charset=utf-8", latencyMs };
}

/** An HTTP header list sorted by key, as Hubble prints it. */
export function headers(entries: Readonly<Record<string, string>>): HTTPHeader[] {
  return Object.entries(entries)
    .toSorted(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => ({ $typeName: "flow.HTTPHeader", key, value }));
}

/** `Date` header value for a time in µs. */
export function httpDate(us: number): string {
  return new Date(Math.floor(us / 1000)).toUTCString();
}
