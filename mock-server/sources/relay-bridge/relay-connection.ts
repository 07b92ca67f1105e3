// One relay: a follow GetFlows stream kept alive for as long as the bridge
// runs. It opens with the backlog (`number`), and after any failure logs one
// line, reports the relay's nodes unavailable (or in error), waits with
// backoff and resumes from where it stopped (`since`, see src/domain/flow/resume-cursor.ts).
import { create } from "@bufbuild/protobuf";
import { type Timestamp, timestampDate, timestampNow } from "@bufbuild/protobuf/wkt";
import { type Client, createClient } from "@connectrpc/connect";
import { type GetFlowsResponse, GetFlowsRequestSchema, Observer } from "../../../src/gen/observer/observer_pb.ts";
import { NodeState } from "../../../src/gen/relay/relay_pb.ts";
import { type BackoffOptions, backoffDelay } from "./backoff.ts";
import { tagResponse } from "./cluster-tag.ts";
import { describeRelayFailure, type RelayFailure, type RelaySetup } from "./relay-errors.ts";
import { relayLabel, type RelayTarget } from "./relay-flag.ts";
import {
  createRelayTransport,
  type KeepaliveOptions,
  type RelayTlsMaterial,
  type RelayTransport,
} from "./relay-transport.ts";
import type { RelayInfo, RelayStatus } from "./relay-types.ts";
import { eventTime, responseTime, ResumeCursor } from "../../../src/domain/flow/resume-cursor.ts";
import type { EventTime } from "./time-merge-queue.ts";

export interface RelayConnectionOptions {
  target: RelayTarget;
  tls: RelayTlsMaterial | undefined;
  backlog: number;
  backoff: BackoffOptions;
  /** Give up on an attempt whose connection is not up after this long. */
  connectTimeoutMs: number;
  keepalive?: KeepaliveOptions;
  random?: () => number;
}

/** Where a connection's output goes (the bridge's merge queue and sink). */
export interface RelayConnectionHooks {
  /** A flow or lost_events notice; `advances`: true for flows (see TimeMergeQueue.push). */
  event(source: string, response: GetFlowsResponse, time: EventTime, advances: boolean): void;
  /** The stream is (about to be) delivering, or not: only live relays hold the merge back. */
  active(source: string, active: boolean): void;
  status(update: RelayStatus): void;
  log(line: string): void;
}

export class RelayConnection {
  readonly id: string;
  readonly target: RelayTarget;
  readonly client: Client<typeof Observer>;
  private readonly options: RelayConnectionOptions;
  private readonly hooks: RelayConnectionHooks;
  private readonly transport: RelayTransport;
  private readonly setup: RelaySetup;
  private readonly cursor = new ResumeCursor();
  private readonly nodes = new Map<string, NodeState>();
  private state: NodeState = NodeState.UNKNOWN_NODE_STATE;
  private lastError: string | undefined;
  private connectedSince: number | undefined;
  private flowsReceived = 0;
  private duplicatesDropped = 0;
  /** The failure of the latest attempt (for its log line). */
  private failure: RelayFailure | undefined;
  /** The outage last reported via status, until the relay answers again. */
  private down: RelayFailure | undefined;
  /** The failure last logged and how many times in a row it happened. */
  private logged: { reason: string; count: number } | undefined;
  private stopped = false;
  private stream: AbortController | undefined;
  private wake: (() => void) | undefined;
  private readonly running: Promise<void>;

  constructor(id: string, options: RelayConnectionOptions, hooks: RelayConnectionHooks) {
    this.id = id;
    this.target = options.target;
    this.options = options;
    this.hooks = hooks;
    this.transport = createRelayTransport(options.target.address, options.tls, options.keepalive);
    this.client = createClient(Observer, this.transport.transport);
    this.setup = {
      tls: options.tls !== undefined,
      clientCert: options.tls?.cert !== undefined,
      ...(options.tls?.serverName === undefined ? {} : { serverName: options.tls.serverName }),
    };
    this.running = this.run();
  }

  get label(): string {
    return relayLabel(this.target);
  }

  info(): RelayInfo {
    return {
      ...(this.target.name === undefined ? {} : { name: this.target.name }),
      address: this.target.address,
      state: this.state,
      ...(this.lastError === undefined ? {} : { lastError: this.lastError }),
      ...(this.connectedSince === undefined ? {} : { connectedSince: this.connectedSince }),
      flowsReceived: this.flowsReceived,
      duplicatesDropped: this.duplicatesDropped,
      nodes: [...this.nodes].map(([name, state]) => ({ name, state })),
    };
  }

  /** Node names to report for the whole relay: the ones it told us about, else its own label. */
  nodeNames(): string[] {
    return this.nodes.size > 0 ? [...this.nodes.keys()] : [this.target.name ?? this.target.address];
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stream?.abort();
    this.wake?.();
    await this.running;
    this.transport.close();
    this.hooks.active(this.id, false);
  }

  private async run(): Promise<void> {
    let attempt = 0;
    let first = true;
    while (!this.stopped) {
      // A relay being dialled for the first time may be about to send an
      // older backlog than the others: let it hold the merge (briefly).
      if (first) this.hooks.active(this.id, true);
      first = false;
      const openedAt = await this.streamOnce();
      this.hooks.active(this.id, false);
      if (this.stopped) break;
      if (openedAt !== undefined && Date.now() - openedAt >= this.options.backoff.healthyAfterMs) attempt = 0;
      const delay = backoffDelay(attempt++, this.options.backoff, this.options.random);
      this.logFailure(attempt, delay);
      await this.sleep(delay);
    }
  }

  /** One GetFlows stream, to its end. Returns when it had opened, if it did. */
  private async streamOnce(): Promise<number | undefined> {
    const controller = new AbortController();
    this.stream = controller;
    const since = this.cursor.startStream();
    const request = create(
      GetFlowsRequestSchema,
      since ? { follow: true, since } : { follow: true, number: BigInt(this.options.backlog) },
    );
    let openedAt: number | undefined;
    let firstResponse = true;
    let timedOut = false;
    // Only a connection that is not up by then is given up: a relay may
    // legitimately hold its response headers until it has something to send.
    // The pending connection is dropped too, or the retry would wait on it.
    const timer = setTimeout(() => {
      if (this.transport.connected()) return;
      timedOut = true;
      controller.abort();
      this.transport.close();
    }, this.options.connectTimeoutMs);
    try {
      const responses = this.client.getFlows(request, {
        signal: controller.signal,
        onHeader: () => {
          clearTimeout(timer);
          openedAt = Date.now();
          this.opened(since);
        },
      });
      for await (const response of responses) {
        if (firstResponse && response.responseTypes.case !== "nodeStatus") this.announceConnected();
        this.take(response, firstResponse);
        firstResponse = false;
      }
      this.failed({ state: NodeState.NODE_UNAVAILABLE, reason: "the relay ended the stream" });
    } catch (error) {
      if (!this.stopped) {
        this.failed(
          timedOut
            ? { state: NodeState.NODE_UNAVAILABLE, reason: `no connection within ${this.options.connectTimeoutMs / 1000} s` }
            : describeRelayFailure(error, this.setup, openedAt !== undefined),
        );
      }
    } finally {
      clearTimeout(timer);
      this.stream = undefined;
    }
    return openedAt;
  }

  private opened(since: Timestamp | undefined): void {
    this.hooks.active(this.id, true);
    this.state = NodeState.NODE_CONNECTED;
    this.lastError = undefined;
    this.connectedSince = Date.now();
    this.logged = undefined;
    const from = since
      ? `resuming after ${timestampDate(since).toISOString()}`
      : `backlog of up to ${this.options.backlog} flows`;
    this.hooks.log(`relay-bridge: ${this.label}: streaming flows (${from})`);
  }

  /** After an outage, a server that sends no NODE_CONNECTED of its own (an agent) is announced by us. */
  private announceConnected(): void {
    if (!this.down) return;
    this.down = undefined;
    for (const name of this.nodes.keys()) this.nodes.set(name, NodeState.NODE_CONNECTED);
    this.report(NodeState.NODE_CONNECTED, this.nodeNames());
  }

  private take(response: GetFlowsResponse, firstOfStream: boolean): void {
    const body = tagResponse(response, this.target.name).responseTypes;
    if (body.case === "nodeStatus") {
      const { stateChange, nodeNames, message } = body.value;
      // A relay opens every stream with its current node list: nodes it no
      // longer names (gone while we were away) are forgotten.
      if (firstOfStream) this.nodes.clear();
      for (const name of nodeNames) {
        if (stateChange === NodeState.NODE_GONE) this.nodes.delete(name);
        else this.nodes.set(name, stateChange);
      }
      if (stateChange === NodeState.NODE_CONNECTED) this.down = undefined;
      this.report(stateChange, nodeNames, message);
      return;
    }
    if (body.case !== "flow" && body.case !== "lostEvents") return;
    const timestamp = responseTime(response);
    const time = eventTime(timestamp ?? timestampNow());
    if (!this.cursor.admit(response, time)) {
      this.duplicatesDropped++;
      return;
    }
    if (body.case === "flow") {
      const flow = body.value;
      // The store files events by these two; Relay always sets them, agents might not.
      response.nodeName ||= flow.nodeName;
      response.time ??= flow.time;
      if (timestamp) this.cursor.forwarded(flow, timestamp);
      if (response.nodeName !== "" && !this.nodes.has(response.nodeName)) {
        this.nodes.set(response.nodeName, NodeState.NODE_CONNECTED);
      }
      this.flowsReceived++;
    }
    this.hooks.event(this.id, response, time, body.case === "flow");
  }

  private failed(failure: RelayFailure): void {
    this.state = failure.state;
    this.lastError = failure.hint ? `${failure.reason} (${failure.hint})` : failure.reason;
    this.connectedSince = undefined;
    this.failure = failure;
    for (const name of this.nodes.keys()) this.nodes.set(name, failure.state);
    // Retries that fail the same way report nothing new (Relay does not repeat itself either).
    if (this.down?.state === failure.state && this.down.reason === failure.reason) return;
    this.down = failure;
    this.report(failure.state, this.nodeNames(), failure.reason);
  }

  /** One line per failure, but a relay that stays down the same way is logged at 1, 2, 4, 8… attempts. */
  private logFailure(attempt: number, delayMs: number): void {
    const failure = this.failure;
    if (!failure) return;
    const same = this.logged?.reason === failure.reason;
    const count = same ? (this.logged?.count ?? 0) + 1 : 1;
    this.logged = { reason: failure.reason, count };
    if (same && (count & (count - 1)) !== 0) return;
    const what = failure.state === NodeState.NODE_ERROR ? "error from relay" : "unreachable";
    const hint = failure.hint ? ` (${failure.hint})` : "";
    const times = count > 1 ? ` [${count} times in a row]` : "";
    const retry = `retrying in ${(delayMs / 1000).toFixed(1)} s (attempt ${attempt})`;
    this.hooks.log(`relay-bridge: ${this.label}: ${what}: ${failure.reason}${hint}${times}; ${retry}`);
  }

  private report(state: NodeState, nodeNames: string[], message = ""): void {
    this.hooks.status({
      relay: this.target.name ?? this.target.address,
      address: this.target.address,
      state,
      nodeNames,
      ...(message === "" ? {} : { message }),
    });
  }

  /** Waits `ms`, or less if stop() wakes it. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
