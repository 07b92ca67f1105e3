// Native gRPC to a relay over HTTP/2, cleartext (h2c) or TLS, set up as in
// Cilium's Relay TLS: the client verifies the relay's certificate against the
// Hubble CA (--relay-ca), optionally under another name than the address
// (--relay-server-name, e.g. ui.hubble-relay.cilium.io for the
// *.hubble-relay.cilium.io certificate), and presents a client certificate
// when the relay requires mTLS (--relay-cert, --relay-key).
import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import type { SecureClientSessionOptions } from "node:http2";
import type { Transport } from "@connectrpc/connect";
import { createGrpcTransport, Http2SessionManager } from "@connectrpc/connect-node";

/** The relay TLS flags: --relay-tls, --relay-ca, --relay-cert, --relay-key, --relay-server-name. */
export interface RelayTlsOptions {
  tls: boolean;
  /** PEM file with the CA that signed the relay's certificate (default: the system's CAs). */
  ca?: string;
  /** PEM client certificate for mTLS … */
  cert?: string;
  /** … and its private key. */
  key?: string;
  /** Name to verify the relay's certificate against instead of the address's host. */
  serverName?: string;
}

export class RelayTlsError extends Error {}

/** Loaded TLS material, read once at start so a bad path fails at once, not on every retry. */
export interface RelayTlsMaterial {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  serverName?: string;
}

/** Checks the flag combination and reads the files; throws RelayTlsError naming the flag. */
export function loadRelayTls(options: RelayTlsOptions): RelayTlsMaterial | undefined {
  const given = (["ca", "cert", "key", "serverName"] as const).filter((key) => options[key] !== undefined);
  if (!options.tls) {
    if (given.length > 0) {
      throw new RelayTlsError(`${given.map(flagOf).join(", ")} need --relay-tls (the relay is dialled in cleartext without it)`);
    }
    return undefined;
  }
  if ((options.cert === undefined) !== (options.key === undefined)) {
    throw new RelayTlsError("--relay-cert and --relay-key go together (the client certificate and its key)");
  }
  if (options.serverName !== undefined && (options.serverName === "" || isIP(options.serverName) !== 0)) {
    throw new RelayTlsError(
      `--relay-server-name must be a DNS name (TLS sends no IP address as server name), got "${options.serverName}"`,
    );
  }
  const read = (key: "ca" | "cert" | "key") => {
    const path = options[key];
    if (path === undefined) return {};
    let pem: Buffer;
    try {
      pem = readFileSync(path);
    } catch (error) {
      throw new RelayTlsError(`${flagOf(key)}: cannot read ${path}: ${(error as Error).message}`);
    }
    if (!pem.toString("latin1").includes("-----BEGIN ")) {
      throw new RelayTlsError(`${flagOf(key)}: ${path} is not a PEM file`);
    }
    return { [key]: pem };
  };
  return {
    ...read("ca"),
    ...read("cert"),
    ...read("key"),
    ...(options.serverName === undefined ? {} : { serverName: options.serverName }),
  };
}

export interface RelayTransport {
  transport: Transport;
  /** Whether an HTTP/2 connection is up (TLS handshake done), streams or not. */
  connected(): boolean;
  /** Closes the HTTP/2 connection and every stream on it. */
  close(): void;
}

export interface KeepaliveOptions {
  /** Ping a connection that received nothing for this long … */
  pingIntervalMs: number;
  /** … and drop it if the ping is not answered within this. */
  pingTimeoutMs: number;
}

/**
 * Five minutes between pings on a quiet stream: gRPC-Go servers (Relay)
 * answer pings more frequent than their enforcement minimum, 5 minutes by
 * default, with GOAWAY "too_many_pings", which would cut the stream we want
 * to keep. A dead connection is thus found within about 5 minutes.
 */
export const DEFAULT_KEEPALIVE: KeepaliveOptions = { pingIntervalMs: 300_000, pingTimeoutMs: 20_000 };

/** A gRPC (HTTP/2) transport to `address` with its own connection, closable on stop. */
export function createRelayTransport(
  address: string,
  tls: RelayTlsMaterial | undefined,
  keepalive: KeepaliveOptions = DEFAULT_KEEPALIVE,
): RelayTransport {
  const baseUrl = `${tls ? "https" : "http"}://${address}`;
  const nodeOptions: SecureClientSessionOptions = tls
    ? {
        ...(tls.ca ? { ca: tls.ca } : {}),
        ...(tls.cert ? { cert: tls.cert } : {}),
        ...(tls.key ? { key: tls.key } : {}),
        ...(tls.serverName ? { servername: tls.serverName } : {}),
      }
    : {};
  const sessionManager = new Http2SessionManager(baseUrl, keepalive, nodeOptions);
  const transport = createGrpcTransport({ baseUrl, sessionManager });
  return {
    transport,
    connected: () => ["open", "idle", "verifying"].includes(sessionManager.state()),
    close: () => sessionManager.abort(),
  };
}

function flagOf(key: "ca" | "cert" | "key" | "serverName"): string {
  return key === "serverName" ? "--relay-server-name" : `--relay-${key}`;
}
