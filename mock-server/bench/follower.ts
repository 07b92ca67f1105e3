// A bench client process: N gRPC-web followers for S seconds, then prints
// {"flows":…,"lost":…} on stdout. Separate processes keep the clients off the
// measuring process's event loop; the followers count frames without decoding
// flows (frame-counter.ts), so they measure the server, not themselves.
import { countGrpcWebFlows } from "./frame-counter.ts";

const [baseUrl = "", followers = "5", seconds = "60"] = process.argv.slice(2);
const abort = new AbortController();
setTimeout(() => abort.abort(), Number(seconds) * 1000);
const results = await Promise.all(Array.from({ length: Number(followers) }, () => countGrpcWebFlows(baseUrl, { follow: true }, abort.signal)));
const flows = results.reduce((n, r) => n + r.flows, 0);
const lost = results.reduce((n, r) => n + r.lostEvents, 0);
process.stdout.write(JSON.stringify({ flows, lost }) + "\n");
process.exit(0);
