// A stand-in Hubble Relay for the bridge's tests: Google's @grpc/grpc-js with
// @grpc/proto-loader reading our .proto files (no Connect, no protobuf-es), so
// the bridge is tested against an independent gRPC implementation. It serves
// GetFlows the way Relay does (NODE_CONNECTED first, backlog of `number` or
// everything from `since`, then follow), keeps its buffer across stop/start
// on the same port (a relay restart), and records every request it gets.
import * as grpc from "@grpc/grpc-js";
import { observerPackage, type Plain } from "../../../testing/grpc-js-client.ts";

export type { Plain };
export interface PlainTime {
  seconds: string;
  nanos: number;
}


/** A Timestamp from epoch milliseconds plus extra nanoseconds (for equal-millisecond flows). */
export function plainTime(ms: number, extraNanos = 0): PlainTime {
  return { seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1_000_000 + extraNanos };
}

/** proto-loader leaves zero fields out (defaults: false), so a missing nanos is 0. */
function compare(a: PlainTime, b: PlainTime): number {
  return Number(a.seconds ?? 0) - Number(b.seconds ?? 0) || (a.nanos ?? 0) - (b.nanos ?? 0);
}

export interface StandInFlow {
  uuid: string;
  time: PlainTime;
  node: string;
  /** Endpoint cluster names; "" leaves cluster_name unset. */
  sourceCluster?: string;
}

export interface StandInOptions {
  /** Node names announced with NODE_CONNECTED and reported by GetNodes. */
  nodes?: string[];
  credentials?: grpc.ServerCredentials;
  version?: string;
}

export class StandInRelay {
  readonly buffer: Plain[] = [];
  /** GetFlows requests in arrival order. */
  readonly requests: Plain[] = [];
  port = 0;
  private server: grpc.Server | undefined;
  private readonly followers = new Set<grpc.ServerWritableStream<Plain, Plain>>();
  private failure: { code: grpc.status; details: string } | undefined;
  private readonly options: StandInOptions;

  constructor(options: StandInOptions = {}) {
    this.options = options;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  get nodes(): string[] {
    return this.options.nodes ?? ["k8s1"];
  }

  /** Starts serving: on an ephemeral port the first time, on the same port after stop(). */
  async start(): Promise<void> {
    const server = new grpc.Server();
    server.addService(observerPackage.Observer.service, {
      GetFlows: (call: grpc.ServerWritableStream<Plain, Plain>) => this.getFlows(call),
      ServerStatus: (_call: unknown, callback: grpc.sendUnaryData<Plain>) => callback(null, this.serverStatus()),
      GetNodes: (_call: unknown, callback: grpc.sendUnaryData<Plain>) =>
        callback(null, {
          nodes: this.nodes.map((name) => ({ name, state: "NODE_CONNECTED", version: this.version, num_flows: "1" })),
        }),
    });
    const credentials = this.options.credentials ?? grpc.ServerCredentials.createInsecure();
    this.port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`127.0.0.1:${this.port}`, credentials, (error, port) => (error ? reject(error) : resolve(port))),
    );
    this.server = server;
  }

  /** Drops every connection at once, as a crashing or restarting relay does. */
  stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.followers.clear();
    if (!server) return Promise.resolve();
    server.forceShutdown();
    return Promise.resolve();
  }

  /** Buffers a flow (kept across restarts) and streams it to followers. */
  add(flow: StandInFlow): void {
    const response = toResponse(flow);
    this.buffer.push(response);
    for (const call of this.followers) call.write(response);
  }

  /** Makes GetFlows answer with this status (undefined: serve again). */
  failWith(failure: { code: grpc.status; details: string } | undefined): void {
    this.failure = failure;
  }

  get followerCount(): number {
    return this.followers.size;
  }

  private get version(): string {
    return this.options.version ?? "1.19.2-standin";
  }

  private getFlows(call: grpc.ServerWritableStream<Plain, Plain>): void {
    const request = call.request;
    this.requests.push(request);
    if (this.failure) {
      call.emit("error", { code: this.failure.code, details: this.failure.details });
      return;
    }
    call.write({
      node_status: { state_change: "NODE_CONNECTED", node_names: this.nodes },
      node_name: "hubble-relay-standin",
      time: plainTime(Date.now()),
    });
    const since = request.since as PlainTime | undefined;
    const number = Number(request.number ?? 0);
    let backlog = since
      ? this.buffer.filter((response) => compare(response.time as PlainTime, since) >= 0)
      : this.buffer.slice(number > 0 ? -number : this.buffer.length);
    if (!request.follow && number > 0) backlog = backlog.slice(0, number);
    for (const response of backlog) call.write(response);
    if (!request.follow) {
      call.end();
      return;
    }
    this.followers.add(call);
    call.on("cancelled", () => this.followers.delete(call));
  }

  private serverStatus(): Plain {
    return {
      num_flows: String(this.buffer.length),
      max_flows: "4095",
      seen_flows: String(this.buffer.length),
      uptime_ns: "5000000000",
      num_connected_nodes: { value: this.nodes.length },
      num_unavailable_nodes: { value: 0 },
      version: this.version,
      flows_rate: 1.5,
    };
  }
}

function toResponse(flow: StandInFlow): Plain {
  return {
    flow: {
      time: flow.time,
      uuid: flow.uuid,
      verdict: "FORWARDED",
      node_name: flow.node,
      Type: "L3_L4",
      source: {
        namespace: "default",
        pod_name: `client-${flow.uuid}`,
        ...(flow.sourceCluster ? { cluster_name: flow.sourceCluster } : {}),
      },
      destination: { namespace: "default", pod_name: "server" },
    },
    node_name: flow.node,
    time: flow.time,
  };
}

export { grpc };
