// One TCP port for every client: native gRPC needs HTTP/2 (h2c, prior
// knowledge), browsers speak HTTP/1.1 to a cleartext server, and Node's
// `http2.createServer({ allowHTTP1 })` ignores the HTTP/1 fallback without TLS.
// So a net.Server peeks at each connection's first bytes and hands the socket
// to an HTTP/2 or an HTTP/1.1 server. With TLS, ALPN does that job instead.
import http from "node:http";
import http2 from "node:http2";
import net from "node:net";
import type { ConnectNodeAdapterOptions } from "@connectrpc/connect-node";

/** Node's request/response pair as Connect's adapter takes it (HTTP/1.1 or HTTP/2). */
type NodeHandler = NonNullable<ConnectNodeAdapterOptions["fallback"]>;
export type HttpRequest = Parameters<NodeHandler>[0];
export type HttpResponse = Parameters<NodeHandler>[1];
export type RequestHandler = (req: HttpRequest, res: HttpResponse) => void;

export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
}

const H2_PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "latin1");

/**
 * Decides, from the bytes seen so far, whether a connection is h2c: "h2" once
 * the whole preface has arrived, "h1" as soon as the bytes diverge from it,
 * undefined while a prefix of the preface is all there is.
 */
export function sniffProtocol(head: Buffer): "h1" | "h2" | undefined {
  const n = Math.min(head.length, H2_PREFACE.length);
  if (!head.subarray(0, n).equals(H2_PREFACE.subarray(0, n))) return "h1";
  return head.length >= H2_PREFACE.length ? "h2" : undefined;
}

export interface OnePortServer {
  server: net.Server | http2.Http2SecureServer;
  /** Closes the listener and every open connection and stream. */
  close(): Promise<void>;
}

/** Serves `handler` over HTTP/1.1 and HTTP/2 on one listening socket. */
export function createOnePortServer(handler: RequestHandler, tls?: TlsFiles): OnePortServer {
  const sockets = new Set<net.Socket>();
  if (tls) {
    const secure = http2.createSecureServer({ ...tls, allowHTTP1: true }, handler as (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => void);
    secure.on("connection", (socket: net.Socket) => track(sockets, socket));
    return { server: secure, close: () => closeAll(secure, sockets) };
  }
  const h1 = http.createServer(handler as http.RequestListener);
  const h2 = http2.createServer({}, handler as (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => void);
  // Long-lived follow streams must not be cut by Node's default timeouts.
  h1.requestTimeout = 0;
  h1.headersTimeout = 60_000;
  h1.keepAliveTimeout = 5_000;
  const front = net.createServer((socket) => {
    track(sockets, socket);
    let head = Buffer.alloc(0);
    const onReadable = () => {
      let chunk: Buffer | null;
      while ((chunk = socket.read() as Buffer | null) !== null) head = Buffer.concat([head, chunk]);
      const protocol = sniffProtocol(head);
      if (!protocol) return;
      socket.off("readable", onReadable);
      socket.unshift(head);
      (protocol === "h2" ? h2 : h1).emit("connection", socket);
    };
    socket.on("readable", onReadable);
    socket.on("error", () => socket.destroy());
  });
  return { server: front, close: () => closeAll(front, sockets) };
}

function track(sockets: Set<net.Socket>, socket: net.Socket): void {
  sockets.add(socket);
  socket.once("close", () => sockets.delete(socket));
}

function closeAll(server: net.Server, sockets: Set<net.Socket>): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    for (const socket of sockets) socket.destroy();
  });
}
