// Turns a failed relay stream into what a person can act on, and into the
// node state Relay itself would report: NODE_UNAVAILABLE when the relay cannot
// be reached or the connection broke (refused, reset, TLS handshake, restart),
// NODE_ERROR when the relay answered the request with an error status.
// Connect maps transport failures to several codes (internal, aborted,
// canceled), so the decision looks at the Node error underneath, not the code.
import { Code, ConnectError } from "@connectrpc/connect";
import { NodeState } from "../../../src/gen/relay/relay_pb.ts";

export interface RelayFailure {
  state: typeof NodeState.NODE_UNAVAILABLE | typeof NodeState.NODE_ERROR;
  /** What went wrong, for logs, status messages and `lastError`. */
  reason: string;
  /** Which flag probably fixes it, for the log line. */
  hint?: string;
}

export interface RelaySetup {
  tls: boolean;
  serverName?: string;
  clientCert: boolean;
}

const UNTRUSTED = new Set([
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_SIGNATURE_FAILURE",
  "CERT_UNTRUSTED",
]);
const CLIENT_CERT_REJECTED = new Set([
  "ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE",
  "ERR_SSL_TLSV1_ALERT_UNKNOWN_CA",
  "ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN",
  "ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE",
  "ERR_SSL_TLSV1_ALERT_DECRYPT_ERROR",
]);
const NOT_TLS = new Set(["ERR_SSL_WRONG_VERSION_NUMBER", "ERR_SSL_PACKET_LENGTH_TOO_LONG", "ERR_SSL_HTTP_REQUEST"]);

const unavailable = (reason: string, hint?: string): RelayFailure => ({
  state: NodeState.NODE_UNAVAILABLE,
  reason,
  ...(hint === undefined ? {} : { hint }),
});

/** Classifies an error thrown by a relay call. `opened`: response headers had arrived. */
export function describeRelayFailure(error: unknown, setup: RelaySetup, opened: boolean): RelayFailure {
  const causes = errorChain(error);
  const nodeError = causes.find((cause) => typeof (cause as { code?: unknown }).code === "string");
  const code = (nodeError as { code?: string } | undefined)?.code;
  const detail = firstLine(nodeError?.message ?? "");
  if (code !== undefined) {
    if (code === "ECONNREFUSED") return unavailable("connection refused");
    if (code === "ENOTFOUND" || code === "EAI_AGAIN") return unavailable(`cannot resolve the host name (${code})`);
    if (code === "ERR_TLS_CERT_ALTNAME_INVALID") {
      const { host, cert } = nodeError as { host?: string; cert?: { subjectaltname?: string } };
      const names = cert?.subjectaltname ? ` (${cert.subjectaltname})` : "";
      return unavailable(
        `TLS: the relay's certificate${names} is not valid for "${host ?? setup.serverName ?? "?"}"`,
        setup.serverName === undefined
          ? "set --relay-server-name to a name the certificate holds, e.g. ui.hubble-relay.cilium.io"
          : "check --relay-server-name",
      );
    }
    if (UNTRUSTED.has(code)) {
      return unavailable(
        `TLS: the relay's certificate is not trusted (${detail})`,
        "set --relay-ca to the CA that signed it, the Hubble CA",
      );
    }
    if (code === "CERT_HAS_EXPIRED" || code === "CERT_NOT_YET_VALID") {
      return unavailable(`TLS: the relay's certificate is out of its validity period (${detail})`);
    }
    if (code === "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED" || (code.startsWith("ERR_SSL_") && /certificate required/i.test(detail))) {
      return unavailable(
        "TLS: the relay requires a client certificate (mTLS) and rejected the connection",
        setup.clientCert ? "check that --relay-cert is signed by a CA the relay trusts" : "give --relay-cert and --relay-key",
      );
    }
    if (CLIENT_CERT_REJECTED.has(code)) {
      return unavailable(
        `TLS: the relay rejected our client certificate (${code})`,
        "check --relay-cert/--relay-key against the relay's client CA",
      );
    }
    if (NOT_TLS.has(code)) {
      return unavailable("TLS handshake failed: the relay does not answer in TLS", "leave out --relay-tls for a cleartext relay");
    }
    if (code.startsWith("ERR_SSL_") || code.startsWith("ERR_TLS_")) return unavailable(`TLS: ${detail} (${code})`);
    return unavailable(opened ? `connection lost: ${detail} (${code})` : `${detail} (${code})`);
  }
  if (error instanceof ConnectError) {
    const message = firstLine(error.message);
    // A stream reset by the peer: the relay went away, or (before any answer)
    // it did not speak HTTP/2 the way we dialled it.
    if (error.rawMessage.startsWith("http/2 stream closed")) {
      const hint = !opened && !setup.tls ? "if the relay serves TLS, add --relay-tls" : undefined;
      return unavailable(opened ? `connection lost: ${message}` : `the relay reset the stream before answering: ${message}`, hint);
    }
    if (error.code === Code.Unavailable || error.code === Code.DeadlineExceeded) return unavailable(message);
    return { state: NodeState.NODE_ERROR, reason: message };
  }
  return { state: NodeState.NODE_ERROR, reason: error instanceof Error ? firstLine(error.message) : String(error) };
}

function errorChain(error: unknown): Error[] {
  const chain: Error[] = [];
  let current: unknown = error;
  while (current instanceof Error && !chain.includes(current) && chain.length < 8) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

/** OpenSSL messages carry a source location after a colon-separated prefix; keep the words. */
function firstLine(message: string): string {
  const line = message.split("\n")[0]?.trim() ?? "";
  const ssl = /:SSL routines:[^:]*:([^:]+):/.exec(line);
  return ssl?.[1] ?? line;
}
