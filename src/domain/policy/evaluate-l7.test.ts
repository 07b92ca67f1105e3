// L7: redirects to the HTTP/DNS/Kafka proxies, request matching, and the L7 merge that lets L3/L4
// allows on the same port open the proxy to every request.

import { describe, expect, it } from "vitest";
import { evaluateConnection } from "./evaluate.ts";
import type { Connection } from "./connection.ts";
import type { L7Request } from "./evaluate-l7.ts";
import { yamlSet } from "./testdata/fixtures.ts";
import { egressFromA, ingressToB, pods, reserved, tcp } from "./testdata/construct-endpoints.ts";
import { summarizeDirection, summarizeL7 } from "./testdata/summary.ts";

const two = (first: string, second: string): string => `${ingressToB(first, "l7")}---\n${ingressToB(second, "l4")}`;
const dnsPolicy = (rules: string): string =>
  egressFromA(`{toEndpoints: [{matchLabels: {io.kubernetes.pod.namespace: kube-system, k8s-app: kube-dns}}], toPorts: [{ports: [{port: '53', protocol: UDP}], rules: {dns: [${rules}]}}]}`);
const query = (name: string): L7Request => ({ kind: "dns", query: name });
const kafka = (rules: string): string =>
  egressFromA(`{toEndpoints: [{matchLabels: {app: b}}], toPorts: [{ports: [{port: '9092', protocol: TCP}], rules: {kafka: [${rules}]}}]}`);

const fromA = "fromEndpoints: [{matchLabels: {app: a}}]";
const http80 = (rules: string): string => `{${fromA}, toPorts: [{ports: [{port: '80', protocol: TCP}], rules: {http: [${rules}]}}]}`;
const get = (path: string, extra: Partial<Extract<L7Request, { kind: "http" }>> = {}): L7Request => ({ kind: "http", method: "GET", path, host: "b.prod", ...extra });
const l7 = (yaml: string, request: L7Request, connection: Connection = tcp(pods.a, pods.b)): string => summarizeL7(evaluateConnection(yamlSet(yaml), connection, request).l7);

const OK = "ingress http FORWARDED [p]";
const NO = "ingress http DROPPED 403 []";

describe("HTTP rules (Envoy header matchers, full-string RE2)", () => {
  it.each<[string, string, L7Request, string]>([
    ["method", "{method: GET}", get("/"), OK],
    ["method is matched whole", "{method: GE}", get("/"), NO],
    ["method alternation", "{method: 'GET|POST'}", { kind: "http", method: "POST", path: "/" }, OK],
    ["path is matched whole", "{path: /v1/request-landing}", get("/v1/request-landing/extra"), NO],
    ["path regex", "{path: '/api/.*'}", get("/api/users"), OK],
    ["anchors are harmless", "{path: '^/status/200$'}", get("/status/200"), OK],
    [":path includes the query", "{path: '^/status/200$'}", get("/status/200?x=1"), NO],
    ["host regex", "{host: '.*\\.prod'}", get("/"), OK],
    ["host mismatch", "{host: 'example\\.com'}", get("/"), NO],
    ["header value", "{headers: ['X-API-Version: v1']}", get("/", { headers: { "x-api-version": "v1" } }), OK],
    ["header value is literal", "{headers: ['X-API-Version: v1']}", get("/", { headers: { "X-API-Version": "v12" } }), NO],
    ["header presence", "{headers: [X-Token]}", get("/", { headers: { "X-Token": "anything" } }), OK],
    ["missing header", "{headers: [X-Token]}", get("/"), NO],
    ["headerMatches value", "{headerMatches: [{name: X-Env, value: prod}]}", get("/", { headers: { "X-Env": "prod" } }), OK],
    ["headerMatches with a mismatch action never denies", "{headerMatches: [{name: X-Env, value: prod, mismatch: ADD}]}", get("/"), OK],
    ["all fields must match", "{method: POST, path: /}", get("/"), NO],
    ["an empty rule matches everything", "{}", { kind: "http", method: "DELETE", path: "/x" }, OK],
    ["rules are alternatives", "{method: POST}, {path: /}", get("/"), OK],
    ["RE2 case-insensitive flag", "{method: '(?i)get'}", { kind: "http", method: "Get", path: "/" }, OK],
  ])("%s", (_name, rules, request, expected) => {
    expect(l7(ingressToB(http80(rules)), request)).toBe(expected);
  });

  it("names the redirect in the policy verdict", () => {
    const result = evaluateConnection(yamlSet(ingressToB(http80("{method: GET}"))), tcp(pods.a, pods.b), get("/"));
    expect(summarizeDirection(result.ingress)).toBe("L3-L4 REDIRECTED proxy=http [p]");
  });

  it("is not judged when L3/L4 drops the connection", () => {
    const result = evaluateConnection(yamlSet(ingressToB(http80("{method: GET}"))), tcp(pods.plain, pods.b), get("/"));
    expect([result.verdict, result.l7]).toEqual(["denied", undefined]);
  });

  it("only applies on TCP when the protocol is ANY", () => {
    const yaml = ingressToB(`{${fromA}, toPorts: [{ports: [{port: '80'}], rules: {http: [{method: GET}]}}]}`);
    const result = evaluateConnection(yamlSet(yaml), { source: pods.a, destination: pods.b, protocol: "UDP", port: 80 }, get("/"));
    expect([summarizeDirection(result.ingress), summarizeL7(result.l7)]).toEqual(["L3-L4 FORWARDED [p]", "none"]);
  });

  it("judges egress proxies first", () => {
    const yaml = egressFromA(`{toEndpoints: [{matchLabels: {app: b}}], toPorts: [{ports: [{port: '80', protocol: TCP}], rules: {http: [{method: GET}]}}]}`);
    expect(l7(yaml, { kind: "http", method: "PUT", path: "/" })).toBe("egress http DROPPED 403 []");
  });
});

describe("L7 merge: L3/L4 allows on a redirected port open it", () => {
  it.each<[string, string, L7Request, string, string]>([
    ["an L3-only allow for the same peer", `{${fromA}}`, get("/other"), "L3-L4 REDIRECTED proxy=http [l4, l7]", "ingress http FORWARDED [l4]"],
    ["an L4-only allow on the same port", "{toPorts: [{ports: [{port: '80', protocol: TCP}]}]}", get("/other"), "L3-L4 REDIRECTED proxy=http [l7]", "ingress http FORWARDED [l4]"],
    ["allow-all (fromEntities: all)", "{fromEntities: [all]}", get("/other"), "L3-L4 REDIRECTED proxy=http [l7]", "ingress http FORWARDED [l4]"],
    ["…which also allows the L7-permitted request", "{fromEntities: [all]}", get("/ok"), "L3-L4 REDIRECTED proxy=http [l7]", "ingress http FORWARDED [l4, l7]"],
    ["an allow on another port does not", `{${fromA}, toPorts: [{ports: [{port: '81', protocol: TCP}]}]}`, get("/other"), "L3-L4 REDIRECTED proxy=http [l7]", "ingress http DROPPED 403 []"],
    ["a UDP allow does not", `{${fromA}, toPorts: [{ports: [{port: '80', protocol: UDP}]}]}`, get("/other"), "L3-L4 REDIRECTED proxy=http [l7]", "ingress http DROPPED 403 []"],
    ["an allow for another peer does not", "{fromEndpoints: [{matchLabels: {app: x}}]}", get("/other"), "L3-L4 REDIRECTED proxy=http [l7]", "ingress http DROPPED 403 []"],
  ])("%s", (_name, other, request, verdict, expected) => {
    const result = evaluateConnection(yamlSet(two(http80("{path: /ok}"), other)), tcp(pods.a, pods.b), request);
    expect([summarizeDirection(result.ingress), summarizeL7(result.l7)]).toEqual([verdict, expected]);
  });

  it("redirects peers that only have an L3 allow once another peer has L7 rules on the port", () => {
    const yaml = `${ingressToB("{fromEndpoints: [{matchLabels: {app: x}}], toPorts: [{ports: [{port: '80', protocol: TCP}], rules: {http: [{path: /ok}]}}]}", "l7")}---\n${ingressToB("{fromEntities: [world]}", "l3")}`;
    const result = evaluateConnection(yamlSet(yaml), tcp(reserved.world, pods.b), get("/anything"));
    expect([summarizeDirection(result.ingress), summarizeL7(result.l7)]).toEqual(["L3-L4 REDIRECTED proxy=http [l3]", "ingress http FORWARDED [l3]"]);
  });

  it("enableDefaultDeny: false keeps the proxy open to everything", () => {
    const yaml = ingressToB(http80("{path: /ok}"), "p", "  enableDefaultDeny: {ingress: false}\n");
    expect(l7(yaml, get("/other"))).toBe("ingress http FORWARDED []");
  });
});

describe("DNS proxy", () => {
  const kubeDns = { namespace: "kube-system", labels: { "k8s-app": "kube-dns" } };
  const dns = (rules: string, name: string): string => l7(dnsPolicy(rules), query(name), { source: pods.a, destination: kubeDns, protocol: "UDP", port: 53 });

  it.each<[string, string, string, string]>([
    ["matchPattern *", "{matchPattern: '*'}", "anything.example.org.", "egress dns FORWARDED [p]"],
    ["matchName", "{matchName: api.github.com}", "api.github.com", "egress dns FORWARDED [p]"],
    ["another name is refused", "{matchName: api.github.com}", "github.com", "egress dns DROPPED REFUSED []"],
    ["one-label wildcard", "{matchPattern: '*.googleapis.com'}", "storage.googleapis.com.", "egress dns FORWARDED [p]"],
    ["one-label wildcard, two labels", "{matchPattern: '*.googleapis.com'}", "a.b.googleapis.com.", "egress dns DROPPED REFUSED []"],
    ["case-insensitive", "{matchName: API.GitHub.com}", "api.github.com.", "egress dns FORWARDED [p]"],
  ])("%s", (_name, rules, name, expected) => {
    expect(dns(rules, name)).toBe(expected);
  });

  it("redirects the lookup to the DNS proxy", () => {
    const result = evaluateConnection(yamlSet(dnsPolicy("{matchPattern: '*'}")), { source: pods.a, destination: kubeDns, protocol: "UDP", port: 53 });
    expect(summarizeDirection(result.egress)).toBe("L3-L4 REDIRECTED proxy=dns [p]");
  });

  it("ignores requests of another protocol", () => {
    expect(l7(dnsPolicy("{matchPattern: '*'}"), get("/"), { source: pods.a, destination: kubeDns, protocol: "UDP", port: 53 })).toBe("none");
  });
});

describe("Kafka proxy", () => {
  it.each<[string, string, L7Request, string]>([
    ["apiKey and topic", "{apiKey: produce, topic: events}", { kind: "kafka", apiKey: "produce", topic: "events" }, "egress kafka FORWARDED [p]"],
    ["another topic", "{apiKey: produce, topic: events}", { kind: "kafka", apiKey: "produce", topic: "admin" }, "egress kafka DROPPED []"],
    ["role consume covers fetch", "{role: consume}", { kind: "kafka", apiKey: "fetch", topic: "events" }, "egress kafka FORWARDED [p]"],
    ["role consume does not cover produce", "{role: consume}", { kind: "kafka", apiKey: "produce", topic: "events" }, "egress kafka DROPPED []"],
  ])("%s", (_name, rules, request, expected) => {
    expect(l7(kafka(rules), request, tcp(pods.a, pods.b, 9092))).toBe(expected);
  });
});
