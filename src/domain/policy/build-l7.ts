// Builds the L7 part of a toPorts entry (`rules`, `serverNames`, TLS, `listener`) into an
// L7Policy, reporting what Cilium's rule validation rejects: more than one L7 protocol per port
// rule, DNS rules on ingress, invalid regexes, unknown Kafka API keys.

import type { PathSegment, Reporter } from "./diagnostics.ts";
import type { L7Policy } from "./types.ts";
import { isRecord } from "./lint.ts";
import { compileFullMatch, parseHeaderEntry, type HeaderRule, type HttpRule } from "./l7-http.ts";
import { compileMatchName, compileMatchPattern, type NameMatcher } from "./l7-dns.ts";
import { KAFKA_API_KEYS, KAFKA_ROLE_KEYS, type KafkaRule } from "./l7-kafka.ts";

const records = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.filter(isRecord) : []);

function regexField(rule: Record<string, unknown>, field: string, path: readonly PathSegment[], report: Reporter): RegExp | undefined {
  const source = rule[field];
  if (typeof source !== "string" || source === "") return undefined;
  const compiled = compileFullMatch(source);
  if (typeof compiled === "string") {
    report([...path, field], "error", compiled);
    // A rule whose regex does not compile can never match.
    return /(?!)/;
  }
  return compiled;
}

function httpRules(raw: Record<string, unknown>[], path: readonly PathSegment[], report: Reporter): HttpRule[] {
  return raw.map((rule, index) => {
    const where = [...path, index];
    const headers: HeaderRule[] = [];
    (Array.isArray(rule["headers"]) ? rule["headers"] : []).forEach((entry: unknown, i) => {
      if (typeof entry !== "string" || entry.trim() === "") return;
      const header = parseHeaderEntry(entry);
      if (header.value !== undefined && /[.*+?^$()[\]{}|\\]/.test(header.value)) {
        report([...where, "headers", i], "warning", `header values are compared literally, not as regular expressions: only the exact value ${JSON.stringify(header.value)} matches`);
      }
      headers.push(header);
    });
    records(rule["headerMatches"]).forEach((match, i) => {
      const name = match["name"];
      if (typeof name !== "string" || name === "") return report([...where, "headerMatches", i], "error", "name is required");
      // With a mismatch action the proxy logs or rewrites the header instead of denying the request.
      if (match["mismatch"] !== undefined) return;
      if (match["secret"] !== undefined) report([...where, "headerMatches", i, "secret"], "warning", "secret values are not available to the simulator; only the header's presence is checked");
      headers.push(typeof match["value"] === "string" && match["secret"] === undefined ? { name, value: match["value"] } : { name });
    });
    return {
      method: regexField(rule, "method", where, report),
      path: regexField(rule, "path", where, report),
      host: regexField(rule, "host", where, report),
      headers,
      text: JSON.stringify(rule),
    };
  });
}

function dnsRules(raw: Record<string, unknown>[], path: readonly PathSegment[], report: Reporter): NameMatcher[] {
  const out: NameMatcher[] = [];
  raw.forEach((rule, index) => {
    const where = [...path, index];
    const name = rule["matchName"];
    const pattern = rule["matchPattern"];
    if (typeof name !== "string" && typeof pattern !== "string") report(where, "error", "matchName or matchPattern is required");
    for (const [field, value, compile] of [
      ["matchName", name, compileMatchName],
      ["matchPattern", pattern, compileMatchPattern],
    ] as const) {
      if (typeof value !== "string") continue;
      const matcher = compile(value);
      if (typeof matcher === "string") report([...where, field], "error", matcher);
      else out.push(matcher);
    }
  });
  return out;
}

function kafkaRules(raw: Record<string, unknown>[], path: readonly PathSegment[], report: Reporter): KafkaRule[] {
  return raw.map((rule, index) => {
    const where = [...path, index];
    const role = rule["role"];
    const apiKey = typeof rule["apiKey"] === "string" ? rule["apiKey"].toLowerCase() : undefined;
    if (role !== undefined && apiKey !== undefined) report(where, "error", "role and apiKey are mutually exclusive");
    if (apiKey !== undefined && !KAFKA_API_KEYS.has(apiKey)) {
      report([...where, "apiKey"], "error", `${JSON.stringify(rule["apiKey"])} is not a Kafka API key (e.g. produce, fetch, metadata; use role: produce|consume for groups of keys)`);
    }
    const apiVersion = typeof rule["apiVersion"] === "string" ? rule["apiVersion"] : undefined;
    if (apiVersion !== undefined && !/^\d+$/.test(apiVersion)) report([...where, "apiVersion"], "error", "apiVersion must be a non-negative integer");
    const apiKeys = role === "produce" || role === "consume" ? KAFKA_ROLE_KEYS[role] : apiKey !== undefined ? [apiKey] : [];
    return {
      apiKeys,
      apiVersion,
      clientId: typeof rule["clientID"] === "string" ? rule["clientID"] : undefined,
      topic: typeof rule["topic"] === "string" ? rule["topic"] : undefined,
    };
  });
}

/**
 * The L7 policy of a toPorts entry, or undefined when the port carries none (plain L4 allow).
 * `ingress` matters because DNS rules are egress-only.
 */
export function buildL7(portRule: Record<string, unknown>, ingress: boolean, path: readonly PathSegment[], report: Reporter): L7Policy | undefined {
  const rules = isRecord(portRule["rules"]) ? portRule["rules"] : {};
  const where = [...path, "rules"];
  const http = records(rules["http"]);
  const dns = records(rules["dns"]);
  const kafka = records(rules["kafka"]);
  const l7proto = typeof rules["l7proto"] === "string" && rules["l7proto"] !== "" ? rules["l7proto"] : undefined;
  const present = [http.length > 0 && "http", dns.length > 0 && "dns", kafka.length > 0 && "kafka", l7proto !== undefined && "l7proto"].filter(
    (name): name is string => typeof name === "string",
  );
  if (present.length > 1) report(where, "error", `only one L7 protocol per port rule is allowed, found ${present.join(", ")}`);
  if (l7proto === undefined && Array.isArray(rules["l7"]) && rules["l7"].length > 0) report([...where, "l7"], "error", "l7 rules need l7proto");
  if (http.length > 0) return { parser: "http", rules: httpRules(http, [...where, "http"], report) };
  if (dns.length > 0) {
    if (ingress) report([...where, "dns"], "error", "DNS rules are only allowed on egress");
    return { parser: "dns", rules: dnsRules(dns, [...where, "dns"], report) };
  }
  if (kafka.length > 0) return { parser: "kafka", rules: kafkaRules(kafka, [...where, "kafka"], report) };
  if (l7proto !== undefined) return { parser: "generic", l7proto };
  const listener = isRecord(portRule["listener"]) ? portRule["listener"]["name"] : undefined;
  if (typeof listener === "string") return { parser: "envoy", listener };
  const serverNames = Array.isArray(portRule["serverNames"]) ? portRule["serverNames"].filter((s): s is string => typeof s === "string") : [];
  if (serverNames.length > 0 || portRule["terminatingTLS"] !== undefined || portRule["originatingTLS"] !== undefined) {
    return { parser: "tls", serverNames };
  }
  return undefined;
}
