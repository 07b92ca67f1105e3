// Case table for the L7 fields of facts C.2: dns_query and the http_* fields, including the
// rule that http_* needs an event_type filter that is empty or contains type 129.
import { type FilterErrorCase, type FilterMatchCase, dns, flow, http, tcp } from "./testing.ts";

const get = (url: string) => flow(http("GET", url));
const response = (code: number) => flow(http("GET", "http://shop/api", code));
const withHeaders = (...headers: [string, string][]) => flow(http("GET", "http://shop/", 200, headers));

/** L7 filters with flows they must and must not select. */
export const l7MatchCases: FilterMatchCase[] = [
  // dns_query
  { name: "dns_query is an unanchored regexp", filter: { dns_query: ["cilium\\.io"] },
    matches: [flow(dns("docs.cilium.io.")), flow(dns("cilium.io."))], rejects: [flow(dns("ciliumxio.")), get("http://cilium.io/"), flow(tcp(1, 53))] },
  { name: "dns_query anchored by the user (queries end with a dot)", filter: { dns_query: ["^api\\..*\\.svc\\.cluster\\.local\\.$"] },
    matches: [flow(dns("api.shop.svc.cluster.local."))], rejects: [flow(dns("xapi.shop.svc.cluster.local.")), flow(dns("api.shop.svc.cluster.local"))] },
  { name: "dns_query with RE2 flags and classes", filter: { dns_query: ["(?i)^[[:alpha:]]+\\.EXAMPLE\\.com\\.\\z"] },
    matches: [flow(dns("www.example.com."))], rejects: [flow(dns("w1.example.com."))] },
  { name: "dns_query entries are alternatives", filter: { dns_query: ["^a\\.", "^b\\."] },
    matches: [flow(dns("a.io.")), flow(dns("b.io."))], rejects: [flow(dns("c.io."))] },
  // http_status_code
  { name: "http_status_code exact", filter: { http_status_code: ["404"] },
    matches: [response(404)], rejects: [response(200), response(4040), get("http://shop/"), flow(dns("a."))] },
  { name: "http_status_code one-digit prefix", filter: { http_status_code: ["4+"] },
    matches: [response(400), response(404), response(499)], rejects: [response(500), response(304), response(40)] },
  { name: "http_status_code two-digit prefix", filter: { http_status_code: ["40+"] },
    matches: [response(404), response(400)], rejects: [response(410)] },
  { name: "http_status_code mixes prefixes and codes", filter: { http_status_code: ["5+", "201"] },
    matches: [response(503), response(201)], rejects: [response(200)] },
  { name: "requests (code 0) never match a status filter", filter: { http_status_code: ["1+", "2+", "3+", "4+", "5+"] },
    matches: [response(101)], rejects: [get("http://shop/")] },
  // http_method
  { name: "http_method is case-insensitive", filter: { http_method: ["get"] },
    matches: [get("http://shop/"), flow(http("Get", "/"))], rejects: [flow(http("POST", "/")), flow(dns("a."))] },
  // http_path
  { name: "http_path matches the path of the URL", filter: { http_path: ["^/api/v[0-9]+/"] },
    matches: [get("http://shop/api/v1/items?x=1"), get("/api/v2/items")],
    rejects: [get("http://shop/web/api/v1/"), get("api/v1/items"), get("http://shop:port/api/v1/x"), flow(dns("api."))] },
  { name: "http_path does not see the query", filter: { http_path: ["items$"] },
    matches: [get("http://shop/api/items?page=2")], rejects: [get("http://shop/api/items2"), get("http://shop/?q=items")] },
  { name: "http_path is percent-decoded", filter: { http_path: ["^/a b$"] },
    matches: [get("http://x/a%20b")], rejects: [get("http://x/a%2")] },
  { name: "http_path is unanchored", filter: { http_path: ["v1"] },
    matches: [get("http://x/api/v1/items")], rejects: [get("http://v1/api")] },
  // http_url
  { name: "http_url matches the full URL", filter: { http_url: ["^https://"] },
    matches: [get("https://api.example.com/x")], rejects: [get("http://api.example.com/x"), flow(dns("https."))] },
  { name: "http_url sees the query string", filter: { http_url: ["items\\?page=[0-9]+$"] },
    matches: [get("http://shop/items?page=2")], rejects: [get("http://shop/items")] },
  // http_header
  { name: "http_header needs the exact key and value", filter: { http_header: [{ key: "X-Request-Id", value: "abc" }] },
    matches: [withHeaders(["Accept", "*/*"], ["X-Request-Id", "abc"])],
    rejects: [withHeaders(["X-Request-Id", "abd"]), withHeaders(["x-request-id", "abc"]), withHeaders(), flow(dns("a."))] },
  { name: "http_header entries are alternatives", filter: { http_header: [{ key: "A", value: "1" }, { key: "B", value: "2" }] },
    matches: [withHeaders(["B", "2"])], rejects: [withHeaders(["A", "2"])] },
  // event_type compatibility
  { name: "http_* is allowed with event_type l7", filter: { http_method: ["GET"], event_type: [{ type: 129 }] },
    matches: [get("/")], rejects: [flow(http("GET", "/"), { event_type: { type: 4 } })] },
  { name: "http_* is allowed when event_type contains 129 among others", filter: { http_status_code: ["200"], event_type: [{ type: 4 }, { type: 129 }] },
    matches: [response(200)], rejects: [response(201)] },
];

/** L7 values Hubble rejects, including http_* without an l7 event type. */
export const l7ErrorCases: FilterErrorCase[] = [
  { name: "dns_query lookahead", filter: { dns_query: ["foo(?=bar)"] }, error: /^dns_query\[0\]: invalid regular expression .*lookahead/ },
  { name: "dns_query lookbehind", filter: { dns_query: ["(?<!x)y"] }, error: /^dns_query\[0\]: .*lookbehind/ },
  { name: "dns_query backreference", filter: { dns_query: ["ok", "(a)\\1"] }, error: /^dns_query\[1\]: .*backreferences/ },
  { name: "dns_query unclosed class", filter: { dns_query: ["[a"] }, error: /^dns_query\[0\]: .*missing closing \]/ },
  { name: "dns_query repeat count over 1000", filter: { dns_query: ["a{1001}"] }, error: /^dns_query\[0\]: .*invalid repeat count/ },
  { name: "http_path named backreference", filter: { http_path: ["(?P<x>a)\\k<x>"] }, error: /^http_path\[0\]: .*backreferences/ },
  { name: "http_url unsupported escape", filter: { http_url: ["\\Z"] }, error: /^http_url\[0\]: .*invalid escape/ },
  { name: "http_url atomic group", filter: { http_url: ["(?>a)"] }, error: /^http_url\[0\]: .*atomic/ },
  { name: "status code out of range", filter: { http_status_code: ["600"] }, error: /^http_status_code\[0\]: invalid status code prefix: "600"$/ },
  { name: "status code too short", filter: { http_status_code: ["40"] }, error: /^http_status_code\[0\]: / },
  { name: "status code prefix needs +", filter: { http_status_code: ["4"] }, error: /^http_status_code\[0\]: / },
  { name: "status code class spelled 4xx", filter: { http_status_code: ["200", "4xx"] }, error: /^http_status_code\[1\]: / },
  { name: "three-digit prefix", filter: { http_status_code: ["404+"] }, error: /^http_status_code\[0\]: / },
  { name: "prefix out of range", filter: { http_status_code: ["6+"] }, error: /^http_status_code\[0\]: / },
  { name: "bare +", filter: { http_status_code: ["+"] }, error: /^http_status_code\[0\]: / },
  { name: "http_status_code with a non-l7 event type", filter: { http_status_code: ["404"], event_type: [{ type: 4 }] },
    error: /^http_status_code: filtering by http status code requires the event type filter to only match 'l7' events/ },
  { name: "http_method with a non-l7 event type", filter: { http_method: ["GET"], event_type: [{ type: 1 }] }, error: /^http_method: / },
  { name: "http_path with a non-l7 event type", filter: { http_path: ["/"], event_type: [{ type: 5 }] }, error: /^http_path: / },
  { name: "http_url with a non-l7 event type", filter: { http_url: ["/"], event_type: [{ type: 0 }] }, error: /^http_url: / },
  { name: "http_header with a non-l7 event type", filter: { http_header: [{ key: "a", value: "b" }], event_type: [{ type: 7 }] }, error: /^http_header: / },
];
