// Routes each HTTP request on the one port: RPCs (gRPC, gRPC-web, Connect) to
// the Connect handler, /healthz to a liveness answer, everything else to the
// static UI. CORS is answered here so a UI on another origin can call us.
import { cors } from "@connectrpc/connect";
import type { HttpRequest as Req, HttpResponse as Res, RequestHandler } from "./one-port.ts";

export interface HttpHandlerOptions {
  rpc: (req: Req, res: Res) => void;
  ui: (req: Req, res: Res) => void;
  /** Origins allowed to call the API from a browser; "*" allows any. */
  corsOrigins: string[];
}

const RPC_CONTENT_TYPE = /^application\/(grpc|connect\+|json|proto)/;

/** True when a request is an RPC rather than a page or asset fetch. */
export function isRpcRequest(req: Req): boolean {
  const type = String(req.headers["content-type"] ?? "");
  return req.method === "POST" && RPC_CONTENT_TYPE.test(type);
}

export function createHttpHandler(options: HttpHandlerOptions): RequestHandler {
  return (req, res) => {
    const origin = req.headers.origin;
    if (typeof origin === "string" && allowsOrigin(options.corsOrigins, origin)) {
      res.setHeader("access-control-allow-origin", origin);
      res.setHeader("vary", "Origin");
      res.setHeader("access-control-expose-headers", cors.exposedHeaders.join(", "));
      if (req.method === "OPTIONS") {
        res.setHeader("access-control-allow-methods", cors.allowedMethods.join(", "));
        res.setHeader("access-control-allow-headers", cors.allowedHeaders.join(", "));
        res.setHeader("access-control-max-age", "7200");
        res.writeHead(204);
        res.end();
        return;
      }
    }
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/healthz") {
      res.writeHead(200, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
      res.end("ok\n");
      return;
    }
    if (isRpcRequest(req)) options.rpc(req, res);
    else options.ui(req, res);
  };
}

function allowsOrigin(allowed: string[], origin: string): boolean {
  return allowed.includes("*") || allowed.includes(origin);
}

/**
 * Answers an RPC to a method we do not serve the way each protocol expects:
 * a trailers-only UNIMPLEMENTED for gRPC and gRPC-web, a 404 error body for
 * Connect. (Connect's own fallback answers a bare HTTP 404, which gRPC clients
 * report as a transport error instead of UNIMPLEMENTED.)
 */
export function unimplementedFallback(req: Req, res: Res): void {
  const type = String(req.headers["content-type"] ?? "");
  const message = `unknown method ${req.url ?? ""}`;
  if (type.startsWith("application/grpc")) {
    const status = { "grpc-status": "12", "grpc-message": encodeURIComponent(message) };
    const contentType = type.split(";")[0] ?? "application/grpc";
    if (req.httpVersionMajor === 2 && !type.startsWith("application/grpc-web")) {
      // Native gRPC reads the status from HTTP/2 trailers.
      res.writeHead(200, { "content-type": contentType });
      res.addTrailers(status);
    } else {
      // gRPC-web over HTTP/1.1: a trailers-only response carries it in the headers.
      res.writeHead(200, { "content-type": contentType, ...status });
    }
    res.end();
    return;
  }
  res.writeHead(404, { "content-type": "application/json" });
  res.end(JSON.stringify({ code: "unimplemented", message }));
}
