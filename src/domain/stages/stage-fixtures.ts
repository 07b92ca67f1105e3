// Two shop stages as flows (facts/lab-scenarios.md, stages 4 and 5), for the stage tests: in
// L7 (0–100 s) frontend → backend is redirected to Envoy and forwarded, DNS goes through the DNS
// proxy, example.com is reachable; in Default-Deny (100 s on) /get is denied by the proxy,
// example.com is denied by default deny, and the frontend makes no DNS lookups.
import { type Flow, TrafficDirection, Verdict } from "../../gen/flow/flow_pb.ts";
import { dropEvent, from, onNode, reply, tcp, to, traceEvent, udp } from "../../testing/flow-builders.ts";
import { makeId } from "../aggregation/service-map/graph-model.ts";
import { backend, dropped, flowAt, frontend, kubeDns, policies, proxiedRequest, verdictEvent, world } from "../policy-attribution/attribution-fixtures.ts";

const { INGRESS, EGRESS } = TrafficDirection;
const { FORWARDED, DROPPED, REDIRECTED } = Verdict;
const client = onNode("cluster1/node-a");
const server = onNode("cluster1/node-b");
const feBe = [from(frontend), to(backend), tcp(40000, 80, "SYN"), reply(false)];
const exampleCom = [from(frontend), to(world), { destinationNames: ["example.com"] }, tcp(40002, 443, "SYN")];

/** Start of the Default-Deny stage, in seconds after T0. */
export const DEFAULT_DENY_AT = 100;

/** One connection frontend → backend:80 with its policy verdicts, the SYN at the server, and a proxied request. */
function httpCall(at: number, requestVerdict: Verdict, path: string): Flow[] {
  return [
    flowAt(at, ...feBe, client, verdictEvent(FORWARDED, EGRESS), policies("egressAllowedBy", "allow-frontend-egress")),
    flowAt(at + 0.001, ...feBe, server, verdictEvent(REDIRECTED, INGRESS), policies("ingressAllowedBy", "allow-frontend-l7")),
    flowAt(at + 0.002, ...feBe, server, traceEvent(0), { trafficDirection: INGRESS }),
    flowAt(at + 0.01, from(frontend), to(backend), tcp(40000, 80), reply(false), server, proxiedRequest(requestVerdict, INGRESS, path)),
  ];
}

/** Stage L7: two calls, a DNS lookup through the proxy, example.com reachable (allow-all). */
export const l7Stage: Flow[] = [
  ...httpCall(10, FORWARDED, "/status/200"),
  ...httpCall(20, FORWARDED, "/get"),
  flowAt(30, from(frontend), to(kubeDns), udp(40001, 53), reply(false), client, verdictEvent(REDIRECTED, EGRESS), policies("egressAllowedBy", "allow-dns")),
  flowAt(40, ...exampleCom, reply(false), client, verdictEvent(FORWARDED, EGRESS, 4), policies("egressAllowedBy", "allow-all")),
  flowAt(40.001, ...exampleCom, reply(false), client, traceEvent(5), { trafficDirection: EGRESS }),
];

/** Stage Default-Deny: /status/200 passes, /get is denied by Envoy, example.com by default deny. */
export const defaultDenyStage: Flow[] = [
  ...httpCall(DEFAULT_DENY_AT + 10, FORWARDED, "/status/200"),
  ...httpCall(DEFAULT_DENY_AT + 20, DROPPED, "/get"),
  flowAt(DEFAULT_DENY_AT + 40, ...exampleCom, client, verdictEvent(DROPPED, EGRESS, 0), dropped(133)),
  flowAt(DEFAULT_DENY_AT + 40.001, ...exampleCom, client, dropEvent(133), { trafficDirection: EGRESS }),
];

/** Map edge ids of the fixtures (service-map ids: client node, server node, port). */
const frontendNode = makeId("wl", "cluster1", "shop", "frontend");
export const EDGE = {
  feBe: makeId("e", frontendNode, makeId("wl", "cluster1", "shop", "backend"), "80/TCP"),
  feDns: makeId("e", frontendNode, makeId("wl", "cluster1", "kube-system", "kube-dns"), "53/UDP"),
  feExample: makeId("e", frontendNode, makeId("fqdn", "example.com"), "443/TCP"),
} as const;
