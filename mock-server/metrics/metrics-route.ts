// GET /metrics on the server's one port, for Prometheus to scrape. It is a plain HTTP GET, so
// it arrives where page and asset requests do (not on the RPC path) and gets the same CORS
// answer as every other route.
import type { Registry } from "prom-client";
import type { HttpRequest as Req, HttpResponse as Res } from "../server/one-port.ts";

export const METRICS_PATH = "/metrics";

/** True for a request to /metrics (any method; the handler answers 405 to all but GET/HEAD). */
export function isMetricsRequest(req: Req): boolean {
  return (req.url ?? "/").split("?")[0] === METRICS_PATH;
}

/** Answers /metrics with the registry in the text exposition format. */
export function createMetricsHandler(registry: Registry): (req: Req, res: Res) => void {
  return (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" });
      res.end("method not allowed\n");
      return;
    }
    registry.metrics().then(
      (text) => {
        res.writeHead(200, { "content-type": registry.contentType, "cache-control": "no-store" });
        if (req.method === "HEAD") res.end();
        else res.end(text);
      },
      (error: unknown) => {
        res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
        res.end(`metrics: ${error instanceof Error ? error.message : String(error)}\n`);
      },
    );
  };
}
