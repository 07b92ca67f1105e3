// The incremental service-map aggregator: fed flow batches as they arrive, asked for a GraphModel
// of some time window a few times per second. Adding a flow is O(1) amortised (two node lookups,
// one edge lookup, one bucket update); a model costs O(edges shown × log buckets). Hubble UI's
// cache never forgets a link or a verdict; here every count is bucketed by flow time, so a window
// shows the current stage of a policy ladder and old traffic fades out.
import type { Flow } from "../../../gen/flow/flow_pb.ts";
import { EDGE_COUNTER_WIDTH, type EdgeState, Group, MAX_ADDRESSES, type NodeState } from "./aggregator-state.ts";
import { buildModel, type ModelQuery } from "./build-model.ts";
import { endpointNode } from "./endpoint-node.ts";
import { Count, countOf, flowPorts, flowProtocol, isReplyFlow, reportedByServer, verdictKey } from "./flow-orientation.ts";
import { type GraphModel, type GraphNode, VERDICT_KEYS, makeId } from "./graph-model.ts";
import { KeyedCounters } from "./keyed-counters.ts";
import { l7Keys, policyKeys } from "./l7-summary.ts";
import { portLabel } from "./verdict-style.ts";
import { WindowedCounters } from "./windowed-counters.ts";

export interface ServiceMapAggregatorOptions {
  /** Time bucket width; windows are counted in whole buckets. Default 5 s. */
  readonly bucketMs?: number;
  /**
   * How far back (from the newest flow) buckets are kept. Windows longer than this are counted
   * up to it; the "all" window stays exact. Default 15 min, the longest window offered.
   */
  readonly retentionMs?: number;
  /** Edges beyond this evict the least recently seen. Default 50,000. */
  readonly maxEdges?: number;
  /** Distinct L7 lines and policy names kept per edge. Defaults 64 and 32. */
  readonly maxL7Keys?: number;
  readonly maxPolicyKeys?: number;
  /** One world node per IP address instead of a single "world". Default false. */
  readonly worldByAddress?: boolean;
  /**
   * Flows to leave out (say, the flow table's filters). Changing it means a new aggregator fed
   * with the buffered flows again: counts are not kept per flow.
   */
  readonly flowFilter?: (flow: Flow) => boolean;
}

const VERDICT_INDEX = new Map(VERDICT_KEYS.map((k, i) => [k, i]));

/** Milliseconds of a flow's timestamp, or undefined when it has none. */
function flowTimeMs(flow: Flow): number | undefined {
  const time = flow.time;
  return time === undefined ? undefined : Number(time.seconds) * 1000 + Math.floor(time.nanos / 1e6);
}

export class ServiceMapAggregator {
  private readonly bucketMs: number;
  private readonly retentionMs: number;
  private readonly maxEdges: number;
  private readonly maxL7Keys: number;
  private readonly maxPolicyKeys: number;
  private readonly worldByAddress: boolean;
  private readonly flowFilter: ((flow: Flow) => boolean) | undefined;
  private readonly nodes = new Map<string, NodeState>();
  private readonly edges = new Map<string, EdgeState>();
  /** Compound nodes of the last model, reused while equal. */
  private readonly shownParents = new Map<string, GraphNode>();
  private latest = Number.NEGATIVE_INFINITY;
  private nextPruneMs = Number.NEGATIVE_INFINITY;
  private added = 0;

  constructor(options: ServiceMapAggregatorOptions = {}) {
    this.bucketMs = options.bucketMs ?? 5000;
    this.retentionMs = options.retentionMs ?? 15 * 60_000;
    this.maxEdges = options.maxEdges ?? 50_000;
    this.maxL7Keys = options.maxL7Keys ?? 64;
    this.maxPolicyKeys = options.maxPolicyKeys ?? 32;
    this.worldByAddress = options.worldByAddress ?? false;
    this.flowFilter = options.flowFilter;
  }

  /** Adds a batch of flows. Flows without a time count at the newest time seen. */
  add(flows: readonly Flow[]): void {
    for (const flow of flows) this.addOne(flow);
    if (this.latest >= this.nextPruneMs) this.prune();
    if (this.edges.size > this.maxEdges) this.evict();
  }

  /** Forgets everything. */
  clear(): void {
    this.nodes.clear();
    this.edges.clear();
    this.shownParents.clear();
    this.latest = Number.NEGATIVE_INFINITY;
    this.nextPruneMs = Number.NEGATIVE_INFINITY;
    this.added = 0;
  }

  /** The model for a window ending at `nowMs`; see {@link ModelQuery}. */
  model(query: ModelQuery): GraphModel {
    return buildModel(this.edges.values(), query, this.shownParents);
  }

  /** Every namespace seen since clear(), sorted: the options of a namespace picker. */
  namespaces(): string[] {
    const seen = new Set<string>();
    for (const node of this.nodes.values()) if (node.info.namespace !== "") seen.add(node.info.namespace);
    return [...seen].toSorted();
  }

  /** Time of the newest flow added (a replay's "now"), or undefined before any. */
  get latestFlowMs(): number | undefined {
    return this.latest === Number.NEGATIVE_INFINITY ? undefined : this.latest;
  }

  /** Sizes, for status lines and tests. */
  get stats(): { readonly nodes: number; readonly edges: number; readonly flows: number } {
    return { nodes: this.nodes.size, edges: this.edges.size, flows: this.added };
  }

  private addOne(flow: Flow): void {
    if (flow.source === undefined && flow.destination === undefined && flow.IP === undefined) return;
    if (this.flowFilter !== undefined && !this.flowFilter(flow)) return;
    const time = flowTimeMs(flow) ?? (this.latest === Number.NEGATIVE_INFINITY ? 0 : this.latest);
    const reply = isReplyFlow(flow);
    const nodeName = flow.nodeName;
    const worldByAddress = this.worldByAddress;
    const sourceNode = endpointNode(flow.source, { names: flow.sourceNames, ip: flow.IP?.source ?? "", nodeName, worldByAddress });
    const destinationNode = endpointNode(flow.destination, { names: flow.destinationNames, ip: flow.IP?.destination ?? "", nodeName, worldByAddress });
    const [client, server] = reply ? [destinationNode, sourceNode] : [sourceNode, destinationNode];
    const count = countOf(flow, reply, client.kind !== "workload" && server.kind !== "workload");
    if (count === Count.ignore) return;
    const [sourcePort, destinationPort] = flowPorts(flow);
    const protocol = flowProtocol(flow);
    const port = reply ? sourcePort : destinationPort;
    const label = portLabel(protocol, port);
    const id = makeId("e", client.id, server.id, label);
    let edge = this.edges.get(id);
    if (edge === undefined) {
      edge = {
        id,
        source: this.nodeState(client),
        target: this.nodeState(server),
        protocol,
        port,
        portLabel: label,
        counters: new WindowedCounters(EDGE_COUNTER_WIDTH, this.bucketMs),
        firstSeenMs: time,
        lastSeenMs: time,
        lastReceiverMs: Number.NEGATIVE_INFINITY,
        l7: undefined,
        policies: undefined,
        version: 0,
        shown: undefined,
      };
      edge.source.edgeCount++;
      edge.target.edgeCount++;
      this.edges.set(id, edge);
    }
    this.added++;
    edge.version++;
    if (time > this.latest) this.latest = time;
    if (time > edge.lastSeenMs) edge.lastSeenMs = time;
    if (time < edge.firstSeenMs) edge.firstSeenMs = time;
    touch(edge.source, time, client.address);
    touch(edge.target, time, server.address);
    const group = count === Count.senderTrace ? Group.sender : count === Count.annotation ? Group.annotation : Group.counted;
    edge.counters.add(time, group + VERDICT_INDEX.get(verdictKey(flow.verdict))!);
    if (time > edge.lastReceiverMs && (count === Count.receiverTrace || reportedByServer(flow, reply))) edge.lastReceiverMs = time;
    const l7 = l7Keys(flow, reply);
    if (l7.length > 0) {
      edge.l7 ??= new KeyedCounters(this.maxL7Keys, this.bucketMs);
      for (const key of l7) edge.l7.add(time, key);
    }
    const policies = policyKeys(flow);
    if (policies.length > 0) {
      edge.policies ??= new KeyedCounters(this.maxPolicyKeys, this.bucketMs);
      for (const key of policies) edge.policies.add(time, key);
    }
  }

  private nodeState(info: NodeState["info"]): NodeState {
    let state = this.nodes.get(info.id);
    if (state === undefined) {
      state = { info, lastSeenMs: Number.NEGATIVE_INFINITY, addresses: [], edgeCount: 0, shown: undefined, parentIds: undefined };
      this.nodes.set(info.id, state);
    }
    return state;
  }

  /** Drops buckets older than the retention, once per bucket of flow time. */
  private prune(): void {
    const before = this.latest - this.retentionMs;
    for (const edge of this.edges.values()) {
      edge.counters.prune(before);
      edge.l7?.prune(before);
      edge.policies?.prune(before);
    }
    this.nextPruneMs = this.latest + this.bucketMs;
  }

  /** Forgets the least recently seen edges (and nodes left without edges) beyond maxEdges. */
  private evict(): void {
    const byAge = [...this.edges.values()].toSorted((a, b) => a.lastSeenMs - b.lastSeenMs);
    // Evict a tenth more than needed so a stream of new edges does not sort on every batch.
    const excess = this.edges.size - this.maxEdges + Math.floor(this.maxEdges / 10);
    for (const edge of byAge.slice(0, excess)) {
      this.edges.delete(edge.id);
      for (const node of [edge.source, edge.target]) {
        if (--node.edgeCount === 0) this.nodes.delete(node.info.id);
      }
    }
  }
}

function touch(node: NodeState, time: number, address: string): void {
  if (time > node.lastSeenMs) node.lastSeenMs = time;
  if (address === "" || node.addresses[0] === address) return;
  const addresses = node.addresses.filter((a) => a !== address);
  addresses.unshift(address);
  if (addresses.length > MAX_ADDRESSES) addresses.length = MAX_ADDRESSES;
  node.addresses = addresses;
}
