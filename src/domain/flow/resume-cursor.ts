// Where a GetFlows stream stopped, so a new stream resumes there (the relay
// bridge's streams to Relays, and the page's stream to us): the next
// request asks for `since` = the newest flow time forwarded, and the answer is
// cut at that boundary. Relay's `since` is inclusive (time ≥ since) and many
// flows can share one timestamp, so the flows forwarded *at* the boundary are
// remembered by key: the ones seen again are dropped, new ones with the same
// time go through. Nothing is doubled and nothing at the boundary is lost.
import { toBinary } from "@bufbuild/protobuf";
import { base64Encode } from "@bufbuild/protobuf/wire";
import type { Timestamp } from "@bufbuild/protobuf/wkt";
import { FlowSchema, type Flow } from "../../gen/flow/flow_pb.ts";
import type { GetFlowsResponse } from "../../gen/observer/observer_pb.ts";

/** A protobuf Timestamp with `seconds` as a number (safe for any real date). */
export interface EventTime {
  seconds: number;
  nanos: number;
}

export function compareTimes(a: EventTime, b: EventTime): number {
  return a.seconds - b.seconds || a.nanos - b.nanos;
}

/** Boundary flows remembered at most; more with one timestamp is a flood, not a boundary. */
const BOUNDARY_LIMIT = 4096;

export function eventTime(timestamp: Timestamp): EventTime {
  return { seconds: Number(timestamp.seconds), nanos: timestamp.nanos };
}

/** The response's time, or its flow's when the response has none. */
export function responseTime(response: GetFlowsResponse): Timestamp | undefined {
  if (response.time) return response.time;
  return response.responseTypes.case === "flow" ? response.responseTypes.value.time : undefined;
}

/**
 * Identifies a flow across two streams: its uuid (every Hubble since 1.11
 * sets one), else its whole encoding, which is equal for the same event.
 */
export function flowKey(flow: Flow): string {
  if (flow.uuid !== "") return `uuid:${flow.uuid}`;
  return `bin:${base64Encode(toBinary(FlowSchema, flow))}`;
}

export class ResumeCursor {
  private newest: { time: EventTime; timestamp: Timestamp } | undefined;
  /** Flows forwarded with time == newest. Keys are computed only on resume. */
  private boundary: Flow[] = [];
  /** Set while a resumed stream may repeat what was forwarded before. */
  private resume: { since: EventTime; keys: Set<string> } | undefined;

  /** The `since` for the next request (undefined: nothing forwarded yet, ask for the backlog). */
  startStream(): Timestamp | undefined {
    if (!this.newest) {
      this.resume = undefined;
      return undefined;
    }
    this.resume = { since: this.newest.time, keys: new Set(this.boundary.map(flowKey)) };
    return this.newest.timestamp;
  }

  /**
   * False for an event a resumed stream repeats: anything older than `since`
   * (a server that ignores it) and boundary flows already forwarded. Other
   * events, notices included, always pass.
   */
  admit(response: GetFlowsResponse, time: EventTime | undefined): boolean {
    const resume = this.resume;
    if (!resume || !time) return true;
    const body = response.responseTypes;
    if (body.case !== "flow" && body.case !== "lostEvents") return true;
    const order = compareTimes(time, resume.since);
    if (order < 0) return false;
    if (order > 0 || body.case !== "flow") return true;
    return !resume.keys.has(flowKey(body.value));
  }

  /** Records a flow that was forwarded; only flows move the cursor (notices carry the sender's clock). */
  forwarded(flow: Flow, timestamp: Timestamp): void {
    const time = eventTime(timestamp);
    const order = this.newest ? compareTimes(time, this.newest.time) : 1;
    if (order > 0) {
      this.newest = { time, timestamp };
      this.boundary = [flow];
    } else if (order === 0 && this.boundary.length < BOUNDARY_LIMIT) {
      this.boundary.push(flow);
    }
  }

  /** The newest flow time forwarded, if any. */
  get since(): Timestamp | undefined {
    return this.newest?.timestamp;
  }
}
