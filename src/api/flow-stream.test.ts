import { describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { TimestampSchema, timestampFromMs } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { type Flow, FlowSchema } from "../gen/flow/flow_pb.ts";
import { type GetFlowsRequest, Observer } from "../gen/observer/observer_pb.ts";
import { FlowStream, type StreamGap, type StreamState } from "./flow-stream.ts";

const flowAt = (ms: number, name: string) => create(FlowSchema, { time: timestampFromMs(ms), nodeName: "n1", Summary: name });
const flowAtNanos = (seconds: bigint, nanos: number, name: string) => create(FlowSchema, { time: create(TimestampSchema, { seconds, nanos }), nodeName: "n1", Summary: name });

/** A server holding `flows`; the first `breaks` streams fail after `sendBeforeBreak` flows. */
function serverWith(flows: Flow[], breaks: number, sendBeforeBreak: number) {
  const requests: GetFlowsRequest[] = [];
  const transport = createRouterTransport(({ service }) =>
    service(Observer, {
      async *getFlows(request) {
        requests.push(request);
        const sinceMs = request.since ? Number(request.since.seconds) * 1000 + request.since.nanos / 1e6 : -Infinity;
        const backlog = flows.filter((f) => Number(f.time?.seconds) * 1000 + (f.time?.nanos ?? 0) / 1e6 >= sinceMs);
        let sent = 0;
        for (const flow of backlog) {
          if (requests.length <= breaks && sent === sendBeforeBreak) throw new ConnectError("relay went away", Code.Unavailable);
          yield { responseTypes: { case: "flow", value: flow } };
          sent++;
        }
        throw new ConnectError("test server closes", Code.Unavailable);
      },
    }),
  );
  return { client: createClient(Observer, transport), requests };
}

function run(client: ReturnType<typeof serverWith>["client"], until: (names: string[]) => boolean) {
  const names: string[] = [];
  const states: StreamState[] = [];
  const gaps: StreamGap[] = [];
  /** Flow names and "gap", in the order the listener heard them. */
  const events: string[] = [];
  const stream = new FlowStream(
    client,
    { whitelist: [], blacklist: [], backlog: 100, publishIntervalMs: 1, minRetryMs: 1, maxRetryMs: 5 },
    {
      flows: (batch) => {
        names.push(...batch.map((f) => f.Summary));
        events.push(...batch.map((f) => f.Summary));
        if (until(names)) stream.stop();
      },
      state: (state) => states.push(state),
      gap: (gap) => {
        gaps.push(gap);
        events.push("gap");
      },
      lost: () => undefined,
    },
  );
  return stream.run().then(() => ({ names, states, gaps, events }));
}

describe("FlowStream", () => {
  it("resumes with since after a break: no flow twice, none lost, a gap reported", async () => {
    // Three flows share one timestamp across the break.
    const flows = [flowAt(1000, "a"), flowAt(2000, "b"), flowAt(3000, "c1"), flowAt(3000, "c2"), flowAt(3000, "c3"), flowAt(4000, "d")];
    const { client, requests } = serverWith(flows, 1, 3);
    const { names, states, gaps } = await run(client, (seen) => seen.includes("d"));
    expect(names).toEqual(["a", "b", "c1", "c2", "c3", "d"]);
    expect(requests[0]?.number).toBe(100n);
    expect(requests[1]?.since).toEqual(timestampFromMs(3000));
    expect(states.some((s) => s.kind === "retrying" && s.error.includes("relay went away"))).toBe(true);
    expect(gaps).toHaveLength(1);
    expect(gaps[0]?.fromMs).toBe(3000);
  });

  it("reports the gap between the flows before the break and those after, from the last one's time truncated to ms", async () => {
    const flows = [flowAtNanos(1n, 0, "a"), flowAtNanos(2n, 465_900_000, "b"), flowAtNanos(3n, 0, "c"), flowAtNanos(4n, 0, "d")];
    const { client } = serverWith(flows, 1, 2);
    const before = Date.now();
    const { events, gaps } = await run(client, (seen) => seen.includes("d"));
    expect(events).toEqual(["a", "b", "gap", "c", "d"]);
    expect(gaps[0]?.fromMs).toBe(2465);
    expect(gaps[0]?.resumedAt).toBeGreaterThanOrEqual(before);
  });

  it("keeps out-of-order flows while streaming normally", async () => {
    const { client } = serverWith([flowAt(2000, "late-node-b"), flowAt(1000, "early-node-a"), flowAt(3000, "z")], 0, 0);
    const { names } = await run(client, (seen) => seen.includes("z"));
    expect(names).toEqual(["late-node-b", "early-node-a", "z"]);
  });

  it("gives up on a request the server rejects", async () => {
    const transport = createRouterTransport(({ service }) =>
      service(Observer, {
        getFlows() {
          throw new ConnectError("whitelist[0].source_ip[0]: bad CIDR", Code.InvalidArgument);
        },
      }),
    );
    const { states } = await run(createClient(Observer, transport), () => false);
    expect(states.at(-1)).toEqual({ kind: "failed", error: expect.stringContaining("source_ip") });
  });

  it.each([
    [0, 500],
    [1, 1000],
    [3, 4000],
    [10, 30_000],
  ])("backs off exponentially: attempt %i waits %i ms (±20 %% jitter, capped)", (attempt, expected) => {
    const { client } = serverWith([], 0, 0);
    const noJitter = new FlowStream(client, { whitelist: [], blacklist: [], backlog: 1, random: () => 0.5 }, {
      flows: () => undefined, state: () => undefined, gap: () => undefined, lost: () => undefined,
    });
    expect(noJitter.backoff(attempt)).toBe(expected);
  });
});
