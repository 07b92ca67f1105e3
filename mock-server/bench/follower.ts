// A bench client process: N gRPC-web followers for S seconds, then prints
// {"flows":…,"lost":…} on stdout. Separate processes keep client decoding
// off the measuring process's event loop.
import { createClient } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { Observer } from "../../src/gen/observer/observer_pb.ts";

const [baseUrl = "", followers = "5", seconds = "60"] = process.argv.slice(2);
const abort = new AbortController();
let flows = 0;
let lost = 0;

async function follow(): Promise<void> {
  const client = createClient(Observer, createGrpcWebTransport({ baseUrl }));
  try {
    for await (const response of client.getFlows({ follow: true }, { signal: abort.signal })) {
      if (response.responseTypes.case === "flow") flows++;
      else if (response.responseTypes.case === "lostEvents") lost += Number(response.responseTypes.value.numEventsLost);
    }
  } catch (error) {
    if (!abort.signal.aborted) throw error;
  }
}

// Report at the deadline and exit: an aborted gRPC-web stream over Node's
// fetch does not always end its iteration promptly, and the count is what matters.
setTimeout(() => {
  abort.abort();
  process.stdout.write(JSON.stringify({ flows, lost }) + "\n");
  process.exit(0);
}, Number(seconds) * 1000);
await Promise.all(Array.from({ length: Number(followers) }, follow));
