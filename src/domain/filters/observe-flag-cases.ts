// Case table for parseObserveFlags: each `hubble observe` flag with the FlowFilters the hubble
// CLI sends for it (as `--print-raw-filters` shows them), the request options, and the inputs
// that are rejected with the offending flag. Shared by the parser and formatter tests.
import { type FlowFilterJson } from "./testing.ts";

/** A command line and the whitelist/blacklist FlowFilters (proto JSON) hubble builds from it. */
export interface ObserveFlagCase {
  readonly args: string;
  readonly whitelist: readonly FlowFilterJson[];
  readonly blacklist?: readonly FlowFilterJson[];
}

/** A command line and the GetFlowsRequest options it sets. */
export interface ObserveRequestCase {
  readonly args: string;
  /** Expected request options; timestamps as RFC 3339 text (now = 2024-06-01T00:00:00Z). */
  readonly expected: { number?: string; first?: true; follow?: true; since?: string; until?: string };
}

/** A rejected command line, the flag blamed for it and the expected message. */
export interface ObserveFlagErrorCase {
  readonly args: string;
  readonly flag: string;
  readonly error: RegExp;
}

/** The fixed "now" for relative --since/--until in these cases. */
export const OBSERVE_CASES_NOW = new Date("2024-06-01T00:00:00Z");

/** Every filter flag, symmetric flags, --not and raw filters. */
export const observeFlagCases: readonly ObserveFlagCase[] = [
  // namespaces: symmetric --namespace is source OR destination
  { args: "--namespace kube-system", whitelist: [{ source_pod: ["kube-system/"] }, { destination_pod: ["kube-system/"] }] },
  { args: "-n a -n b", whitelist: [{ source_pod: ["a/", "b/"] }, { destination_pod: ["a/", "b/"] }] },
  { args: "--from-namespace a", whitelist: [{ source_pod: ["a/"] }] },
  { args: "--to-namespace a", whitelist: [{ destination_pod: ["a/"] }] },
  { args: "--from-namespace a --to-namespace b", whitelist: [{ source_pod: ["a/"], destination_pod: ["b/"] }] },
  { args: "-A", whitelist: [{ source_pod: ["/"] }, { destination_pod: ["/"] }] },
  { args: "--from-all-namespaces --to-namespace b", whitelist: [{ source_pod: ["/"], destination_pod: ["b/"] }] },
  // pods
  { args: "--pod web", whitelist: [{ source_pod: ["web"] }, { destination_pod: ["web"] }] },
  { args: "-n shop --pod web", whitelist: [{ source_pod: ["shop/web"] }, { destination_pod: ["shop/web"] }] },
  { args: "--namespace kube-system --pod kube-system/coredns", whitelist: [{ source_pod: ["kube-system/coredns"] }, { destination_pod: ["kube-system/coredns"] }] },
  { args: "--from-pod a --to-port 80", whitelist: [{ source_pod: ["a"], destination_port: ["80"] }] },
  { args: "--from-pod a --to-pod b", whitelist: [{ source_pod: ["a"], destination_pod: ["b"] }] },
  { args: "--to-namespace shop --to-pod db", whitelist: [{ destination_pod: ["shop/db"] }] },
  // labels
  { args: "--label app=web", whitelist: [{ source_label: ["app=web"] }, { destination_label: ["app=web"] }] },
  { args: "-l 'app in (a, b)'", whitelist: [{ source_label: ["app in (a, b)"] }, { destination_label: ["app in (a, b)"] }] },
  { args: "--from-label k8s:app=web --to-label reserved:world", whitelist: [{ source_label: ["k8s:app=web"], destination_label: ["reserved:world"] }] },
  { args: "-n shop --from-label app=x", whitelist: [{ source_pod: ["shop/"], source_label: ["app=x"] }, { destination_pod: ["shop/"], source_label: ["app=x"] }] },
  // identities
  { args: "--identity 2", whitelist: [{ source_identity: [2] }, { destination_identity: [2] }] },
  { args: "--identity world", whitelist: [{ source_identity: [2] }, { destination_identity: [2] }] },
  { args: "--from-identity host --to-identity 0x10", whitelist: [{ source_identity: [1], destination_identity: [16] }] },
  // IPs
  { args: "--ip 10.0.0.1", whitelist: [{ source_ip: ["10.0.0.1"] }, { destination_ip: ["10.0.0.1"] }] },
  { args: "--from-ip 10.0.0.0/8 --to-ip 1.1.1.1", whitelist: [{ source_ip: ["10.0.0.0/8"], destination_ip: ["1.1.1.1"] }] },
  { args: "--snat-ip 192.0.2.1", whitelist: [{ source_ip_xlated: ["192.0.2.1"] }] },
  // FQDNs
  { args: "--fqdn '*.cilium.io'", whitelist: [{ source_fqdn: ["*.cilium.io"] }, { destination_fqdn: ["*.cilium.io"] }] },
  { args: "--from-fqdn a.io --to-fqdn b.io", whitelist: [{ source_fqdn: ["a.io"], destination_fqdn: ["b.io"] }] },
  // services
  { args: "--service kube-system/kube-dns", whitelist: [{ source_service: ["kube-system/kube-dns"] }, { destination_service: ["kube-system/kube-dns"] }] },
  { args: "-n shop --service web", whitelist: [{ source_service: ["shop/web"] }, { destination_service: ["shop/web"] }] },
  { args: "--from-service a --to-service b", whitelist: [{ source_service: ["a"], destination_service: ["b"] }] },
  // ports, protocol
  { args: "--port 53", whitelist: [{ source_port: ["53"] }, { destination_port: ["53"] }] },
  { args: "--from-port 1 --to-port 2", whitelist: [{ source_port: ["1"], destination_port: ["2"] }] },
  { args: "--protocol tcp --protocol DNS", whitelist: [{ protocol: ["tcp", "DNS"] }] },
  // verdicts and event types
  { args: "--verdict DROPPED --verdict FORWARDED", whitelist: [{ verdict: ["DROPPED", "FORWARDED"] }] },
  { args: "--drop-reason-desc POLICY_DENIED", whitelist: [{ drop_reason_desc: ["POLICY_DENIED"] }] },
  { args: "-t l7", whitelist: [{ event_type: [{ type: 129 }] }] },
  { args: "-t trace:to-endpoint", whitelist: [{ event_type: [{ type: 4, match_sub_type: true, sub_type: 0 }] }] },
  { args: "-t drop -t policy-verdict", whitelist: [{ event_type: [{ type: 1 }, { type: 5 }] }] },
  { args: "--type trace:from-network -tcapture -t=trace-sock", whitelist: [{ event_type: [{ type: 4, match_sub_type: true, sub_type: 10 }, { type: 3 }, { type: 7 }] }] },
  { args: "-t 4:3 -t agent:policy-updated -t debug", whitelist: [{ event_type: [{ type: 4, match_sub_type: true, sub_type: 3 }, { type: 130, match_sub_type: true, sub_type: 5 }, { type: 2 }] }] },
  // HTTP and DNS
  { args: "--http-status 5+ --http-method get --http-path ^/api --http-url https:// --http-header X-A:b:c",
    whitelist: [{ http_status_code: ["5+"], http_method: ["get"], http_path: ["^/api"], http_url: ["https://"], http_header: [{ key: "X-A", value: "b:c" }] }] },
  { args: "--dns-query 'cilium\\.io\\.$'", whitelist: [{ dns_query: ["cilium\\.io\\.$"] }] },
  // nodes, clusters, workloads
  { args: "--node-name 'k8s*' --node-label zone=a", whitelist: [{ node_name: ["k8s*"], node_labels: ["zone=a"] }] },
  { args: "--cluster c1", whitelist: [{ source_cluster_name: ["c1"] }, { destination_cluster_name: ["c1"] }] },
  { args: "--from-cluster a --to-cluster b", whitelist: [{ source_cluster_name: ["a"], destination_cluster_name: ["b"] }] },
  { args: "--workload web", whitelist: [{ source_workload: [{ name: "web" }] }, { destination_workload: [{ name: "web" }] }] },
  { args: "--from-workload Deployment/web --to-workload StatefulSet/",
    whitelist: [{ source_workload: [{ name: "web", kind: "Deployment" }], destination_workload: [{ kind: "StatefulSet" }] }] },
  // misc
  { args: "--traffic-direction INGRESS", whitelist: [{ traffic_direction: ["INGRESS"] }] },
  { args: "--tcp-flags syn,ack --tcp-flags FIN", whitelist: [{ tcp_flags: [{ SYN: true, ACK: true }, { FIN: true }] }] },
  { args: "--uuid u1 --trace-id abc --ip-trace-id 1234", whitelist: [{ uuid: ["u1"], trace_id: ["abc"], ip_trace_id: ["1234"] }] },
  { args: "-4", whitelist: [{ ip_version: ["IPv4"] }] },
  { args: "--ipv6 --ip-version 4 --ip-version none", whitelist: [{ ip_version: ["IPv6", "IPv4", "IP_NOT_USED"] }] },
  { args: "--reply", whitelist: [{ reply: [true] }] },
  { args: "--is-reply=false", whitelist: [{ reply: [false] }] },
  { args: "--encrypted", whitelist: [{ encrypted: [true] }] },
  { args: "--unencrypted --interface eth0", whitelist: [{ encrypted: [false], interface: [{ name: "eth0" }] }] },
  // --not: the next filter flag only, into the (single) blacklist tracker
  { args: "--not --from-pod a", whitelist: [], blacklist: [{ source_pod: ["a"] }] },
  { args: "--not --pod a", whitelist: [], blacklist: [{ source_pod: ["a"] }, { destination_pod: ["a"] }] },
  { args: "--not --from-pod a --from-pod b", whitelist: [{ source_pod: ["b"] }], blacklist: [{ source_pod: ["a"] }] },
  { args: "--pod x --not --http-method PUT --not --http-method GET --not --to-namespace foo",
    whitelist: [{ source_pod: ["x"] }, { destination_pod: ["x"] }], blacklist: [{ destination_pod: ["foo/"], http_method: ["PUT", "GET"] }] },
  { args: "--not --last 5 --verdict DROPPED", whitelist: [], blacklist: [{ verdict: ["DROPPED"] }] },
  // raw JSON filters, and flags that do not change the request
  { args: `--allowlist '{"source_pod":["a/"]}' --denylist '{"verdict":["DROPPED"]}' --to-port 80`,
    whitelist: [{ destination_port: ["80"] }, { source_pod: ["a/"] }], blacklist: [{ verdict: ["DROPPED"] }] },
  { args: "hubble observe flows -o json --print-node-name --from-pod x", whitelist: [{ source_pod: ["x"] }] },
];

/** --last/--first/--all/--follow/--since/--until handling. */
export const observeRequestCases: readonly ObserveRequestCase[] = [
  { args: "", expected: { number: "20" } },
  { args: "--last 5", expected: { number: "5" } },
  { args: "--first 3", expected: { number: "3", first: true } },
  { args: "--all", expected: { number: "18446744073709551615" } },
  { args: "-f", expected: { follow: true } },
  { args: "--follow --last 10", expected: { number: "10", follow: true } },
  { args: "--follow=false", expected: { number: "20" } },
  { args: "--since 5m", expected: { since: "2024-05-31T23:55:00Z" } },
  { args: "--since 1h30m --last 7", expected: { number: "7", since: "2024-05-31T22:30:00Z" } },
  { args: "--since 2024-01-01T00:00:00Z --until 2024-01-02", expected: { since: "2024-01-01T00:00:00Z", until: "2024-01-02T00:00:00Z" } },
  { args: "--until 2024-01-02T03:04:05.5+01:00", expected: { until: "2024-01-02T02:04:05.500Z" } },
  { args: "-f --until 1h", expected: { follow: true } },
  { args: "--since 2024-01-02T15Z --until 'Tue, 02 Jan 2024 16:30:00 +0000'", expected: { since: "2024-01-02T15:00:00Z", until: "2024-01-02T16:30:00Z" } },
];

/** Syntax, conflict, value and server-side validation errors. */
export const observeFlagErrorCases: readonly ObserveFlagErrorCase[] = [
  { args: "--pod", flag: "--pod", error: /flag needs an argument/ },
  { args: "--nope x", flag: "--nope", error: /unknown flag: --nope/ },
  { args: "-x", flag: "-x", error: /unknown shorthand flag: 'x'/ },
  { args: "stray", flag: "", error: /unexpected argument "stray"/ },
  { args: "'unterminated", flag: "", error: /unterminated single quote/ },
  { args: "--not --not --pod a", flag: "--not", error: /consecutive --not statements/ },
  { args: "--pod a --not", flag: "--not", error: /trailing --not/ },
  { args: "--ip 1.1.1.1 --namespace x", flag: "--namespace", error: /filters --ip and --namespace cannot be combined/ },
  { args: "--label a --from-label b", flag: "--from-label", error: /cannot be combined/ },
  { args: "--port 1 --to-port 2", flag: "--to-port", error: /cannot be combined/ },
  { args: "--encrypted --unencrypted", flag: "--unencrypted", error: /cannot be combined/ },
  { args: "--namespace a --pod b/x", flag: "--pod", error: /namespace conflict: "a" does not contain "b\/x"/ },
  { args: "--from-pod a/x --from-service web", flag: "--from-service", error: /namespace of service "web" conflict with pod "a"/ },
  { args: "--verdict dropped", flag: "--verdict", error: /invalid --verdict value: dropped/ },
  { args: "--drop-reason-desc NOPE", flag: "--drop-reason-desc", error: /invalid --drop-reason-desc value/ },
  { args: "--drop-reason-desc ''", flag: "--drop-reason-desc", error: /empty --drop-reason-desc value/ },
  { args: "-t bogus", flag: "-t", error: /unable to parse type 'bogus'/ },
  { args: "-t 4:to-endpoint", flag: "-t", error: /unable to parse event sub-type 'to-endpoint'/ },
  { args: "--tcp-flags SYN,BOGUS", flag: "--tcp-flags", error: /unknown tcp flag: BOGUS/ },
  { args: "--traffic-direction sideways", flag: "--traffic-direction", error: /invalid traffic direction/ },
  { args: "--identity nobody", flag: "--identity", error: /invalid security identity/ },
  { args: "--ip-trace-id 0", flag: "--ip-trace-id", error: /must be greater than 0/ },
  { args: "--http-header nocolon", flag: "--http-header", error: /expected name:value/ },
  { args: "--last x", flag: "--last", error: /unsigned integer/ },
  { args: "--follow=maybe", flag: "--follow", error: /boolean/ },
  { args: "--first 1 --last 1", flag: "--first", error: /cannot set both --first and --last/ },
  { args: "--first 1 --all", flag: "--first", error: /cannot set both --first and --all/ },
  { args: "--first 1 -f", flag: "--first", error: /cannot set both --first and --follow/ },
  { args: "--last 1 --all", flag: "--last", error: /cannot set both --last and --all/ },
  { args: "--since yesterday", flag: "--since", error: /failed to parse the since time/ },
  { args: "--allowlist '{bad'", flag: "--allowlist", error: /invalid --allowlist flag/ },
  // Values the server would refuse are reported at their flag (compiled after every flag).
  { args: "--pod ''", flag: "--pod", error: /source_pod\[0\]: name must not be empty/ },
  { args: "--port 99999", flag: "--port", error: /source_port\[0\]: invalid port/ },
  { args: "--protocol quic", flag: "--protocol", error: /protocol\[0\]: unknown protocol/ },
  { args: "--from-ip 10.0.0.0/33", flag: "--from-ip", error: /source_ip\[0\]: invalid IP prefix/ },
  { args: "--http-status 600", flag: "--http-status", error: /http_status_code\[0\]/ },
  { args: "--label 'a b'", flag: "--label", error: /source_label\[0\]/ },
  { args: "--fqdn a/b", flag: "--fqdn", error: /source_fqdn\[0\]: "\/": invalid rune/ },
  { args: "--node-name a/b/c", flag: "--node-name", error: /node_name\[0\]: too many slashes/ },
  { args: "--cluster ''", flag: "--cluster", error: /source_cluster_name\[0\]: name must not be empty/ },
  { args: "--http-path '(?=x)'", flag: "--http-path", error: /http_path\[0\]: .*lookahead/ },
  { args: "-t trace --http-method GET", flag: "--http-method", error: /http_method: .*'l7' events/ },
  { args: "--cel-expression 'true'", flag: "--cel-expression", error: /cel_expression is not supported by this server/ },
];
