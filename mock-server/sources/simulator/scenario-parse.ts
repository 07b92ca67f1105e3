// Reads a scenario file (mock-server/scenarios/README.md) into a ScenarioSpec, strictly: every
// problem is reported as `file:line: path: message`, including cross-references (a workload on
// a node that does not exist, a generator whose client is not a workload, a service selecting
// nothing). Policy files are read later by scenario-load.ts.
import { cidrContains, parseCidr, parseIp } from "../../../src/domain/policy/cidr.ts";
import type { CiliumSettings, ClusterSpec, DnsSettings, MonitorAggregation, NodeSpec, ScenarioSpec, StageSpec, WorkloadSpec } from "./scenario-types.ts";
import { DNS_LABEL, DNS_SUBDOMAIN, readExternal, readService, readTraffic, readWorkload } from "./scenario-parse-parts.ts";
import { readBool, readList, readMap, readNumber, readString, readStringList, ScenarioError, YamlReader, type Path } from "./yaml-reader.ts";

const TOP_KEYS = ["name", "description", "cilium", "clusters", "dns", "workloads", "services", "external", "traffic", "stages"];

function readCilium(r: YamlReader, value: unknown): CiliumSettings {
  const map = value === undefined ? {} : (readMap(r, ["cilium"], value, ["version", "routing", "monitorAggregation", "socketLbTracing"]) ?? {});
  const path = ["cilium"];
  return {
    version: readString(r, path, map, "version", false, { pattern: /^\d+\.\d+\.\d+([-+.][0-9A-Za-z.+-]*)?$/, patternText: "a version such as 1.17.6" }) ?? "1.18.2",
    routing: (readString(r, path, map, "routing", false, { oneOf: ["native", "tunnel"] }) ?? "native") as "native" | "tunnel",
    monitorAggregation: (readString(r, path, map, "monitorAggregation", false, { oneOf: ["none", "low", "medium", "maximum"] }) ?? "medium") as MonitorAggregation,
    socketLbTracing: readBool(r, path, map, "socketLbTracing", true),
  };
}

function readNode(r: YamlReader, path: Path, value: unknown): NodeSpec | undefined {
  const map = readMap(r, path, value, ["name", "ip", "podCIDR", "controlPlane"]);
  if (map === undefined) return undefined;
  const name = readString(r, path, map, "name", true, { pattern: DNS_SUBDOMAIN, patternText: "a valid node name" });
  const ip = readString(r, path, map, "ip", true);
  if (ip !== undefined && parseIp(ip)?.family !== 4) r.report([...path, "ip"], `"${ip}" is not an IPv4 address`);
  const podCIDR = readString(r, path, map, "podCIDR", false);
  if (podCIDR !== undefined && parseCidr(podCIDR)?.family !== 4) r.report([...path, "podCIDR"], `"${podCIDR}" is not an IPv4 CIDR`);
  const controlPlane = readBool(r, path, map, "controlPlane", false);
  if (name === undefined || ip === undefined) return undefined;
  return { name, ip, controlPlane, ...(podCIDR === undefined ? {} : { podCIDR }) };
}

function readCluster(r: YamlReader, path: Path, value: unknown, index: number, count: number): ClusterSpec | undefined {
  const map = readMap(r, path, value, ["name", "id", "podCIDR", "serviceCIDR", "nodes"]);
  if (map === undefined) return undefined;
  const name = readString(r, path, map, "name", true, { pattern: DNS_LABEL, patternText: "a valid cluster name (lowercase DNS label)" });
  const id = readNumber(r, path, map, "id", false, { min: 0, max: 255, integer: true }) ?? (count > 1 ? index + 1 : 0);
  const podCIDR = readString(r, path, map, "podCIDR", true);
  const serviceCIDR = readString(r, path, map, "serviceCIDR", false) ?? "10.96.0.0/12";
  const pods = podCIDR === undefined ? undefined : parseCidr(podCIDR);
  if (podCIDR !== undefined && (pods?.family !== 4 || pods.prefix > 24)) r.report([...path, "podCIDR"], `"${podCIDR}" is not an IPv4 CIDR of /24 or larger`);
  if (parseCidr(serviceCIDR)?.family !== 4) r.report([...path, "serviceCIDR"], `"${serviceCIDR}" is not an IPv4 CIDR`);
  const nodes: NodeSpec[] = [];
  readList(r, [...path, "nodes"], map["nodes"], false).forEach((item, i) => {
    const node = readNode(r, [...path, "nodes", i], item);
    if (node === undefined) return;
    if (nodes.some((other) => other.name === node.name)) r.report([...path, "nodes", i, "name"], `duplicate node "${node.name}"`);
    const nodeCidr = node.podCIDR === undefined ? undefined : parseCidr(node.podCIDR);
    if (nodeCidr !== undefined && pods !== undefined && !cidrContains(pods, { family: nodeCidr.family, value: nodeCidr.base })) {
      r.report([...path, "nodes", i, "podCIDR"], `${node.podCIDR} is outside the cluster's podCIDR ${podCIDR}`);
    }
    nodes.push(node);
  });
  if (nodes.length === 0) r.report([...path, "nodes"], "a cluster needs at least one node");
  if (name === undefined || podCIDR === undefined) return undefined;
  return { name, id, podCIDR, serviceCIDR, nodes };
}

function readDns(r: YamlReader, value: unknown): DnsSettings {
  const map = value === undefined ? {} : (readMap(r, ["dns"], value, ["service", "domain", "ttl"]) ?? {});
  const service = readString(r, ["dns"], map, "service", false, { pattern: /^[a-z0-9-]+\/[a-z0-9-]+$/, patternText: "namespace/name" }) ?? "kube-system/kube-dns";
  const [namespace, name] = service.split("/") as [string, string];
  return {
    service: { namespace, name },
    domain: readString(r, ["dns"], map, "domain", false, { pattern: DNS_SUBDOMAIN, patternText: "a DNS domain" }) ?? "cluster.local",
    ttl: readNumber(r, ["dns"], map, "ttl", false, { min: 0, max: 2_147_483_647, integer: true }) ?? 30,
  };
}

function readStage(r: YamlReader, path: Path, value: unknown): StageSpec | undefined {
  const map = readMap(r, path, value, ["name", "description", "apply", "delete", "clusters"]);
  if (map === undefined) return undefined;
  const name = readString(r, path, map, "name", true);
  const description = readString(r, path, map, "description", false) ?? "";
  const apply = readStringList(r, [...path, "apply"], map["apply"]);
  const del = readStringList(r, [...path, "delete"], map["delete"]);
  if (name === undefined) return undefined;
  return { name, description, apply, delete: del, ...(map["clusters"] === undefined ? {} : { clusters: readStringList(r, [...path, "clusters"], map["clusters"]) }) };
}

function selects(selector: Readonly<Record<string, string>>, workload: WorkloadSpec): boolean {
  return Object.entries(selector).every(([key, value]) => workload.labels[key] === value);
}

/** Checks names that point elsewhere in the file. */
function checkReferences(r: YamlReader, spec: ScenarioSpec): void {
  const clusterNames = new Set(spec.clusters.map((c) => c.name));
  const checkClusters = (path: Path, names: readonly string[] | undefined): void => {
    names?.forEach((name, i) => {
      if (!clusterNames.has(name)) r.report([...path, i], `no cluster "${name}" (clusters: ${[...clusterNames].join(", ")})`);
    });
  };
  const seenWorkloads = new Set<string>();
  spec.workloads.forEach((workload, i) => {
    const key = `${workload.namespace}/${workload.name}`;
    if (seenWorkloads.has(key)) r.report(["workloads", i, "name"], `duplicate workload ${key}`);
    seenWorkloads.add(key);
    checkClusters(["workloads", i, "clusters"], workload.clusters);
    const clusters = spec.clusters.filter((c) => workload.clusters?.includes(c.name) ?? true);
    workload.nodes?.forEach((node, n) => {
      if (!clusters.some((c) => c.nodes.some((x) => x.name === node))) r.report(["workloads", i, "nodes", n], `no node "${node}" in the workload's clusters`);
    });
    for (const [cluster] of Object.entries({ ...workload.identity?.byCluster, ...workload.templateHash?.byCluster })) {
      if (!clusterNames.has(cluster)) r.report(["workloads", i], `per-cluster value for unknown cluster "${cluster}"`);
    }
  });
  spec.services.forEach((service, i) => {
    if (!spec.workloads.some((w) => w.namespace === service.namespace && selects(service.selector, w))) {
      r.report(["services", i, "selector"], `selects no workload in namespace ${service.namespace}`);
    }
    for (const cluster of Object.keys(service.clusterIP?.byCluster ?? {})) {
      if (!clusterNames.has(cluster)) r.report(["services", i, "clusterIP", cluster], `no cluster "${cluster}"`);
    }
  });
  const dns = spec.services.find((s) => s.namespace === spec.dns.service.namespace && s.name === spec.dns.service.name);
  if (dns === undefined) r.report(spec.services.length === 0 ? [] : ["dns"], `the DNS service ${spec.dns.service.namespace}/${spec.dns.service.name} is not among services`);
  else if (!dns.ports.some((p) => p.port === 53 && p.protocol === "UDP")) r.report(["dns"], "the DNS service needs port 53/UDP");
  spec.traffic.forEach((traffic, i) => {
    if (!seenWorkloads.has(`${traffic.from.namespace}/${traffic.from.name}`)) r.report(["traffic", i, "from"], `no workload ${traffic.from.namespace}/${traffic.from.name}`);
    checkClusters(["traffic", i, "clusters"], traffic.clusters);
    traffic.stages?.forEach((stage, s) => {
      if (stage > spec.stages.length) r.report(["traffic", i, "stages", s], `there are only ${spec.stages.length} stages`);
    });
  });
  spec.stages.forEach((stage, i) => checkClusters(["stages", i, "clusters"], stage.clusters));
}

/** More checks to run on a valid spec before problems are thrown (scenario-load reads policies here). */
export type SpecCheck = (spec: ScenarioSpec, reader: YamlReader) => void;

/** Parses and validates scenario text; throws ScenarioError listing every problem. */
export function parseScenarioText(text: string, file: string, check?: SpecCheck): ScenarioSpec {
  const r = new YamlReader(text, file);
  if (r.problems.length > 0) throw new ScenarioError(r.problems);
  const top = readMap(r, [], r.value, TOP_KEYS);
  if (top === undefined) throw new ScenarioError(r.problems);
  const name = readString(r, [], top, "name", true, { pattern: DNS_LABEL, patternText: "a lowercase name such as shop" }) ?? "";
  const clusterItems = readList(r, ["clusters"], top["clusters"], false);
  if (clusterItems.length === 0 && Array.isArray(top["clusters"])) r.report(["clusters"], "at least one cluster is required");
  const clusters: ClusterSpec[] = [];
  clusterItems.forEach((item, i) => {
    const cluster = readCluster(r, ["clusters", i], item, i, clusterItems.length);
    if (cluster === undefined) return;
    if (clusters.some((c) => c.name === cluster.name)) r.report(["clusters", i, "name"], `duplicate cluster "${cluster.name}"`);
    if (clusters.some((c) => c.id === cluster.id)) r.report(["clusters", i, "id"], `cluster id ${cluster.id} is used twice`);
    clusters.push(cluster);
  });
  const collect = <T>(key: string, read: (path: Path, value: unknown, index: number) => T | undefined, optional = true): T[] =>
    readList(r, [key], top[key], optional).flatMap((item, i) => {
      const value = read([key, i], item, i);
      return value === undefined ? [] : [value];
    });
  const spec: ScenarioSpec = {
    name,
    description: readString(r, [], top, "description", false) ?? "",
    cilium: readCilium(r, top["cilium"]),
    clusters,
    dns: readDns(r, top["dns"]),
    workloads: collect("workloads", (path, value) => readWorkload(r, path, value), false),
    services: collect("services", (path, value) => readService(r, path, value)),
    external: collect("external", (path, value) => readExternal(r, path, value)),
    traffic: collect("traffic", (path, value, i) => readTraffic(r, path, value, i)),
    stages: collect("stages", (path, value) => readStage(r, path, value), false),
  };
  if (spec.stages.length === 0 && Array.isArray(top["stages"])) r.report(["stages"], "at least one stage is required");
  if (r.problems.length === 0) checkReferences(r, spec);
  if (r.problems.length === 0) check?.(spec, r);
  if (r.problems.length > 0) throw new ScenarioError(r.problems);
  return spec;
}
