import { describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { FlowSchema } from "../gen/flow/flow_pb.ts";
import { Observer } from "../gen/observer/observer_pb.ts";
import { LiveStore } from "./live-store.ts";

const flowAt = (ms: number, uuid: string) => create(FlowSchema, { time: timestampFromMs(ms), nodeName: "n1", uuid });

/** A server whose first stream sends a, b and breaks; the next ones send c, d and stay open. */
function breakingServer() {
  let calls = 0;
  const transport = createRouterTransport(({ service }) =>
    service(Observer, {
      async *getFlows(_request, context) {
        calls++;
        if (calls === 1) {
          yield { responseTypes: { case: "flow", value: flowAt(1000, "a") } };
          yield { responseTypes: { case: "flow", value: flowAt(2000, "b") } };
          throw new ConnectError("relay went away", Code.Unavailable);
        }
        yield { responseTypes: { case: "flow", value: flowAt(3000, "c") } };
        yield { responseTypes: { case: "flow", value: flowAt(4000, "d") } };
        await new Promise<void>((resolve) => context.signal.addEventListener("abort", () => resolve(), { once: true }));
      },
    }),
  );
  return createClient(Observer, transport);
}

function until(store: LiveStore, done: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (!done()) return;
      unsubscribe();
      resolve();
    };
    const unsubscribe = store.subscribe(check);
    check();
  });
}

describe("LiveStore gaps", () => {
  it("anchors a gap between the last flow before the break and the first after it; clear() drops it", async () => {
    const store = new LiveStore(10);
    store.connect(breakingServer(), [], []);
    try {
      await until(store, () => store.getSnapshot().received === 4);
      const [gap, ...more] = store.getSnapshot().gaps;
      expect(more).toEqual([]);
      expect(gap?.fromMs).toBe(2000);
      // a and b are sequence numbers 0 and 1: the marker sits above b, below c.
      expect(gap?.atSeq).toBe(2);
      expect(store.ring.get(1)?.uuid).toBe("b");
      expect(store.ring.get(2)?.uuid).toBe("c");
      store.clear();
      expect(store.getSnapshot().gaps).toEqual([]);
    } finally {
      store.disconnect();
    }
  });
});
