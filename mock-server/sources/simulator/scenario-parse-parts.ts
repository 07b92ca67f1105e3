// Readers for the parts of a scenario file: workloads, services, external hosts, HTTP server
// behaviour and traffic generators. Cross-references (cluster, node and workload names) are
// checked by scenario-parse.ts once everything is read.
import { parseIp } from "../../../src/domain/policy/cidr.ts";
import type {
  ExternalSpec,
  HttpRouteSpec,
  HttpServerSpec,
  ParsedUrl,
  PerCluster,
  PortSpec,
  ServiceSpec,
  TrafficAction,
  TrafficSpec,
  WorkloadSpec,
} from "./scenario-types.ts";
import {
  checkNumber,
  readList,
  readMap,
  readNumber,
  readString,
  readStringList,
  readStringMap,
  type Path,
  type YamlReader,
} from "./yaml-reader.ts";

export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const HOST_NAME = /^[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*\.?$/;

/** A value written once (`x`) or per cluster (`{cluster-1: x, cluster-2: y}`). */
export function readPerCluster<T>(path: Path, value: unknown, one: (path: Path, value: unknown) => T | undefined): PerCluster<T> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) {
    const all = one(path, value);
    return all === undefined ? undefined : { all, byCluster: {} };
  }
  const byCluster: Record<string, T> = {};
  for (const [cluster, item] of Object.entries(value)) {
    const parsed = one([...path, cluster], item);
    if (parsed !== undefined) byCluster[cluster] = parsed;
  }
  return { byCluster };
}

function readPorts(r: YamlReader, path: Path, value: unknown): PortSpec[] {
  const out: PortSpec[] = [];
  readList(r, path, value).forEach((item, index) => {
    const at = [...path, index];
    const map = readMap(r, at, item, ["port", "protocol", "name"]);
    if (map === undefined) return;
    const port = readNumber(r, at, map, "port", true, { min: 1, max: 65535, integer: true });
    const protocol = (readString(r, at, map, "protocol", false, { oneOf: ["TCP", "UDP"] }) ?? "TCP") as "TCP" | "UDP";
    const name = readString(r, at, map, "name", false, { pattern: DNS_LABEL, patternText: "a port name (lowercase DNS label)" });
    if (port !== undefined) out.push({ port, protocol, ...(name === undefined ? {} : { name }) });
  });
  return out;
}

function readRoutes(r: YamlReader, path: Path, value: unknown): HttpRouteSpec[] {
  const out: HttpRouteSpec[] = [];
  readList(r, path, value).forEach((item, index) => {
    const at = [...path, index];
    const map = readMap(r, at, item, ["method", "path", "status", "body"]);
    if (map === undefined) return;
    const method = readString(r, at, map, "method", false, { pattern: /^[A-Z]+$/, patternText: "an upper-case HTTP method" });
    const pathText = readString(r, at, map, "path", true);
    const status = readNumber(r, at, map, "status", true, { min: 100, max: 599, integer: true });
    const body = readString(r, at, map, "body", false);
    if (pathText === undefined || status === undefined) return;
    let matcher: string | RegExp = pathText;
    if (pathText.startsWith("^")) {
      try {
        matcher = new RegExp(pathText);
      } catch (error) {
        r.report([...at, "path"], `invalid regular expression: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
    } else if (!pathText.startsWith("/")) {
      r.report([...at, "path"], `a path starts with "/" (or "^" for a regular expression)`);
      return;
    }
    out.push({ path: matcher, status, ...(method === undefined ? {} : { method }), ...(body === undefined ? {} : { body }) });
  });
  return out;
}

/** `http:` of a workload or external host. */
export function readHttpServer(r: YamlReader, path: Path, value: unknown): HttpServerSpec | undefined {
  if (value === undefined) return undefined;
  const map = readMap(r, path, value, ["preset", "routes", "defaultStatus", "latencyMs", "server"]);
  if (map === undefined) return undefined;
  const preset = readString(r, path, map, "preset", false, { oneOf: ["httpbin"] }) as "httpbin" | undefined;
  const routes = readRoutes(r, [...path, "routes"], map["routes"]);
  const defaultStatus = readNumber(r, path, map, "defaultStatus", false, { min: 100, max: 599, integer: true }) ?? 404;
  let latencyMs: [number, number] = [1, 4];
  if (map["latencyMs"] !== undefined) {
    const list = readList(r, [...path, "latencyMs"], map["latencyMs"], false);
    const nums = list.map((item, index) => checkNumber(r, [...path, "latencyMs", index], item, { min: 0, max: 60_000 }));
    if (list.length !== 2) r.report([...path, "latencyMs"], "expected [min, max] in milliseconds");
    else if (nums[0] !== undefined && nums[1] !== undefined) {
      if (nums[0] > nums[1]) r.report([...path, "latencyMs"], "min is larger than max");
      else latencyMs = [nums[0], nums[1]];
    }
  }
  const server = readString(r, path, map, "server", false) ?? (preset === "httpbin" ? "gunicorn/19.9.0" : "");
  return { routes, defaultStatus, latencyMs, server, ...(preset === undefined ? {} : { preset }) };
}

const WORKLOAD_KEYS = ["name", "namespace", "kind", "labels", "serviceAccount", "replicas", "clusters", "nodes", "templateHash", "identity", "ports", "http"];

/** One entry of `workloads:`. */
export function readWorkload(r: YamlReader, path: Path, value: unknown): WorkloadSpec | undefined {
  const map = readMap(r, path, value, WORKLOAD_KEYS);
  if (map === undefined) return undefined;
  const name = readString(r, path, map, "name", true, { pattern: DNS_SUBDOMAIN, patternText: "a valid object name" });
  const namespace = readString(r, path, map, "namespace", true, { pattern: DNS_LABEL, patternText: "a valid namespace" });
  const kind = (readString(r, path, map, "kind", false, { oneOf: ["Deployment", "Pod"] }) ?? "Deployment") as "Deployment" | "Pod";
  const labels = readStringMap(r, [...path, "labels"], map["labels"]);
  const serviceAccount = readString(r, path, map, "serviceAccount", false, { pattern: DNS_SUBDOMAIN }) ?? "default";
  const replicas = readNumber(r, path, map, "replicas", false, { min: 1, max: 100, integer: true }) ?? 1;
  if (kind === "Pod" && replicas !== 1) r.report([...path, "replicas"], "a Pod has exactly one replica; use kind: Deployment");
  const templateHash = readPerCluster([...path, "templateHash"], map["templateHash"], (at, item) =>
    typeof item === "string" && /^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/.test(item) ? item : (r.report(at, `expected a pod-template-hash such as 79f5dbfc6c, got ${JSON.stringify(item)}`), undefined),
  );
  const identity = readPerCluster([...path, "identity"], map["identity"], (at, item) => checkNumber(r, at, item, { min: 256, max: 16_777_215, integer: true }));
  const http = readHttpServer(r, [...path, "http"], map["http"]);
  if (name === undefined || namespace === undefined) return undefined;
  return {
    name,
    namespace,
    kind,
    labels,
    serviceAccount,
    replicas,
    ports: readPorts(r, [...path, "ports"], map["ports"]),
    ...(map["clusters"] === undefined ? {} : { clusters: readStringList(r, [...path, "clusters"], map["clusters"]) }),
    ...(map["nodes"] === undefined ? {} : { nodes: readStringList(r, [...path, "nodes"], map["nodes"]) }),
    ...(templateHash === undefined ? {} : { templateHash }),
    ...(identity === undefined ? {} : { identity }),
    ...(http === undefined ? {} : { http }),
  };
}

/** One entry of `services:`. */
export function readService(r: YamlReader, path: Path, value: unknown): ServiceSpec | undefined {
  const map = readMap(r, path, value, ["name", "namespace", "selector", "ports", "clusterIP"]);
  if (map === undefined) return undefined;
  const name = readString(r, path, map, "name", true, { pattern: DNS_LABEL, patternText: "a valid service name" });
  const namespace = readString(r, path, map, "namespace", true, { pattern: DNS_LABEL, patternText: "a valid namespace" });
  const selector = readStringMap(r, [...path, "selector"], map["selector"]);
  if (Object.keys(selector).length === 0 && map["selector"] !== undefined) r.report([...path, "selector"], "an empty selector selects nothing");
  const ports: ServiceSpec["ports"][number][] = [];
  readList(r, [...path, "ports"], map["ports"], false).forEach((item, index) => {
    const at = [...path, "ports", index];
    const port = readMap(r, at, item, ["port", "targetPort", "protocol", "name"]);
    if (port === undefined) return;
    const number = readNumber(r, at, port, "port", true, { min: 1, max: 65535, integer: true });
    const target = readNumber(r, at, port, "targetPort", false, { min: 1, max: 65535, integer: true });
    const protocol = (readString(r, at, port, "protocol", false, { oneOf: ["TCP", "UDP"] }) ?? "TCP") as "TCP" | "UDP";
    const portName = readString(r, at, port, "name", false, { pattern: DNS_LABEL });
    if (number !== undefined) ports.push({ port: number, targetPort: target ?? number, protocol, ...(portName === undefined ? {} : { name: portName }) });
  });
  const clusterIP = readPerCluster([...path, "clusterIP"], map["clusterIP"], (at, item) =>
    typeof item === "string" && parseIp(item)?.family === 4 ? item : (r.report(at, `expected an IPv4 address, got ${JSON.stringify(item)}`), undefined),
  );
  if (name === undefined || namespace === undefined) return undefined;
  return { name, namespace, selector, ports, ...(clusterIP === undefined ? {} : { clusterIP }) };
}

/** One entry of `external:`. */
export function readExternal(r: YamlReader, path: Path, value: unknown): ExternalSpec | undefined {
  const map = readMap(r, path, value, ["name", "ips", "ipv6", "ttl", "ports", "http"]);
  if (map === undefined) return undefined;
  const name = readString(r, path, map, "name", false, { pattern: HOST_NAME, patternText: "a DNS name" });
  const ips = readStringList(r, [...path, "ips"], map["ips"]).filter((ip, index) => parseIp(ip)?.family === 4 || (r.report([...path, "ips", index], `"${ip}" is not an IPv4 address`), false));
  const ipv6 = readStringList(r, [...path, "ipv6"], map["ipv6"]).filter((ip, index) => parseIp(ip)?.family === 6 || (r.report([...path, "ipv6", index], `"${ip}" is not an IPv6 address`), false));
  if (ips.length === 0) r.report(path, "ips is required (at least one IPv4 address)");
  const ttl = readNumber(r, path, map, "ttl", false, { min: 0, max: 2_147_483_647, integer: true }) ?? 300;
  const ports: number[] = [];
  readList(r, [...path, "ports"], map["ports"]).forEach((item, index) => {
    const port = checkNumber(r, [...path, "ports", index], item, { min: 1, max: 65535, integer: true });
    if (port !== undefined) ports.push(port);
  });
  const http = readHttpServer(r, [...path, "http"], map["http"]);
  return { ips, ipv6, ttl, ports, ...(name === undefined ? {} : { name: name.replace(/\.$/, "").toLowerCase() }), ...(http === undefined ? {} : { http }) };
}

function readUrl(r: YamlReader, path: Path, text: string): ParsedUrl | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    r.report(path, `"${text}" is not a URL`);
    return undefined;
  }
  const scheme = url.protocol.slice(0, -1);
  if (scheme !== "http" && scheme !== "https") {
    r.report(path, `only http and https URLs are simulated, not ${scheme}`);
    return undefined;
  }
  const defaultPort = scheme === "http" ? 80 : 443;
  const port = url.port === "" ? defaultPort : Number(url.port);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const authority = port === defaultPort ? url.hostname : `${url.hostname}:${port}`;
  return { scheme, host, port, path: `${url.pathname}${url.search}`, authority };
}

const TRAFFIC_KEYS = ["name", "from", "rate", "clusters", "stages", "timeoutMs", "http", "dns", "tcp", "ping"];

function readAction(r: YamlReader, path: Path, map: Record<string, unknown>): TrafficAction | undefined {
  const kinds = ["http", "dns", "tcp", "ping"].filter((key) => map[key] !== undefined);
  if (kinds.length !== 1) {
    r.report(path, kinds.length === 0 ? "one of http, dns, tcp, ping is required" : `only one of ${kinds.join(", ")} per generator`);
    return undefined;
  }
  const kind = kinds[0] as "http" | "dns" | "tcp" | "ping";
  const at = [...path, kind];
  switch (kind) {
    case "http": {
      const spec = readMap(r, at, map[kind], ["method", "url", "userAgent"]);
      if (spec === undefined) return undefined;
      const method = readString(r, at, spec, "method", false, { pattern: /^[A-Z]+$/, patternText: "an upper-case HTTP method" }) ?? "GET";
      const urlText = readString(r, at, spec, "url", true);
      const url = urlText === undefined ? undefined : readUrl(r, [...at, "url"], urlText);
      const userAgent = readString(r, at, spec, "userAgent", false) ?? "curl/8.7.1";
      return url === undefined ? undefined : { kind, method, url, userAgent };
    }
    case "dns": {
      const spec = readMap(r, at, map[kind], ["query", "types"]);
      if (spec === undefined) return undefined;
      const query = readString(r, at, spec, "query", true, { pattern: HOST_NAME, patternText: "a DNS name" });
      const types = spec["types"] === undefined ? ["A", "AAAA"] : readStringList(r, [...at, "types"], spec["types"]);
      const bad = types.find((type) => type !== "A" && type !== "AAAA");
      if (bad !== undefined) r.report([...at, "types"], `"${bad}" is not A or AAAA`);
      return query === undefined || bad !== undefined ? undefined : { kind, query, types: types as ("A" | "AAAA")[] };
    }
    case "tcp": {
      const spec = readMap(r, at, map[kind], ["host", "port"]);
      if (spec === undefined) return undefined;
      const host = readString(r, at, spec, "host", true);
      const port = readNumber(r, at, spec, "port", true, { min: 1, max: 65535, integer: true });
      return host === undefined || port === undefined ? undefined : { kind, host, port };
    }
    case "ping": {
      const spec = readMap(r, at, map[kind], ["host", "count"]);
      if (spec === undefined) return undefined;
      const host = readString(r, at, spec, "host", true);
      const count = readNumber(r, at, spec, "count", false, { min: 1, max: 100, integer: true }) ?? 1;
      return host === undefined ? undefined : { kind, host, count };
    }
  }
}

/** One entry of `traffic:`. */
export function readTraffic(r: YamlReader, path: Path, value: unknown, index: number): TrafficSpec | undefined {
  const map = readMap(r, path, value, TRAFFIC_KEYS);
  if (map === undefined) return undefined;
  const fromText = readString(r, path, map, "from", true, { pattern: /^[a-z0-9-]+\/[a-z0-9.-]+$/, patternText: "namespace/workload" });
  const rate = readNumber(r, path, map, "rate", true, { min: 0, max: 100_000 });
  const timeoutMs = readNumber(r, path, map, "timeoutMs", false, { min: 1, max: 600_000 }) ?? 5000;
  const stages: number[] = [];
  readList(r, [...path, "stages"], map["stages"]).forEach((item, i) => {
    const stage = checkNumber(r, [...path, "stages", i], item, { min: 1, integer: true });
    if (stage !== undefined) stages.push(stage);
  });
  const action = readAction(r, path, map);
  const name = readString(r, path, map, "name", false) ?? `traffic[${index}]`;
  if (fromText === undefined || rate === undefined || action === undefined) return undefined;
  const [namespace, workload] = fromText.split("/") as [string, string];
  return {
    name,
    from: { namespace, name: workload },
    rate,
    timeoutMs,
    action,
    ...(map["clusters"] === undefined ? {} : { clusters: readStringList(r, [...path, "clusters"], map["clusters"]) }),
    ...(map["stages"] === undefined ? {} : { stages }),
  };
}
