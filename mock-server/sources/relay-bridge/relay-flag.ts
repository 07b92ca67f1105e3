// The value of `--relay [NAME=]HOST:PORT`. NAME becomes the cluster prefix of
// the relay's node names, so it may not contain "/"; HOST is a DNS name, an
// IPv4 address or a bracketed IPv6 address; the port is always explicit
// (Relay listens on 4245, its Kubernetes Service on 80: guessing would be
// wrong half the time). TLS is chosen with --relay-tls, never with a scheme.
import { isIPv4, isIPv6 } from "node:net";

export interface RelayTarget {
  /** Cluster name given with NAME=, tagged onto node names and endpoints. */
  name?: string;
  /** `host:port`, IPv6 in brackets: what the dialer and the logs use. */
  address: string;
  host: string;
  port: number;
}

export class RelayFlagError extends Error {}

const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;
const DNS_LABEL = /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/;
const EXAMPLE = "e.g. hubble-relay:4245, east=10.0.0.5:4245 or [::1]:4245";

/** Parses one `--relay` value; throws RelayFlagError saying what is wrong. */
export function parseRelayFlag(value: string): RelayTarget {
  function fail(reason: string): never {
    throw new RelayFlagError(`--relay "${value}": ${reason}`);
  }
  if (value.trim() === "") fail(`expected [NAME=]HOST:PORT, ${EXAMPLE}`);
  if (/\s/.test(value)) fail("must not contain spaces");
  const schemeless = value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "");
  if (schemeless !== value) fail(`give HOST:PORT without a scheme (TLS is chosen with --relay-tls), ${EXAMPLE}`);

  let name: string | undefined;
  let hostPort = value;
  const equals = value.indexOf("=");
  if (equals !== -1) {
    name = value.slice(0, equals);
    hostPort = value.slice(equals + 1);
    if (name === "") fail(`empty NAME before "=" (leave out "=" for an unnamed relay)`);
    if (name.includes("/")) fail(`NAME "${name}" must not contain "/": it becomes the cluster prefix of node names`);
    if (!NAME.test(name)) {
      fail(`NAME "${name}" must be 1-63 letters, digits, ".", "_" or "-", starting and ending with a letter or digit`);
    }
    if (hostPort === "") fail(`missing HOST:PORT after "${name}="`);
  }

  let host: string;
  let portText: string;
  if (hostPort.startsWith("[")) {
    const match = /^\[([^\]]*)\](.*)$/.exec(hostPort);
    if (!match) fail(`unclosed "[" in IPv6 address, ${EXAMPLE}`);
    host = match[1] ?? "";
    const rest = match[2] ?? "";
    if (!isIPv6(host)) fail(`"${host}" is not an IPv6 address`);
    if (rest === "") fail(`missing port after "[${host}]", e.g. [${host}]:4245`);
    if (!rest.startsWith(":")) fail(`expected ":PORT" after "[${host}]", e.g. [${host}]:4245`);
    portText = rest.slice(1);
  } else {
    const colons = hostPort.split(":").length - 1;
    if (colons === 0) fail(`missing port, e.g. ${hostPort}:4245`);
    if (colons > 1) {
      fail(
        isIPv6(hostPort)
          ? `IPv6 addresses go in brackets with a port, e.g. [${hostPort}]:4245`
          : `IPv6 addresses go in brackets, e.g. [::1]:4245`,
      );
    }
    const colon = hostPort.lastIndexOf(":");
    host = hostPort.slice(0, colon);
    portText = hostPort.slice(colon + 1);
    if (host === "") fail(`missing HOST before ":${portText}"`);
    if (!isIPv4(host) && !isHostname(host)) fail(`"${host}" is neither a host name nor an IPv4 address`);
  }
  if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65_535) {
    fail(`port must be a number from 1 to 65535, got "${portText}"`);
  }
  const port = Number(portText);
  const address = host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
  return { ...(name === undefined ? {} : { name }), address, host, port };
}

/**
 * Parses every `--relay` value and rejects repeats: two relays with one NAME
 * would mix their nodes under one cluster, and one address twice would
 * deliver every flow twice.
 */
export function parseRelayFlags(values: readonly string[]): RelayTarget[] {
  const targets = values.map(parseRelayFlag);
  const names = new Set<string>();
  const addresses = new Set<string>();
  for (const target of targets) {
    if (target.name !== undefined) {
      if (names.has(target.name)) throw new RelayFlagError(`--relay: NAME "${target.name}" is given twice`);
      names.add(target.name);
    }
    const address = target.address.toLowerCase();
    if (addresses.has(address)) throw new RelayFlagError(`--relay: ${target.address} is given twice`);
    addresses.add(address);
  }
  return targets;
}

/** How logs and status name a relay: `east (10.0.0.5:4245)` or just the address. */
export function relayLabel(target: { name?: string; address: string }): string {
  return target.name === undefined ? target.address : `${target.name} (${target.address})`;
}

function isHostname(host: string): boolean {
  // Dotted digits that are not a valid IPv4 address are a typo, not a name.
  if (/^[\d.]+$/.test(host)) return false;
  const trimmed = host.endsWith(".") ? host.slice(0, -1) : host;
  return trimmed.length > 0 && trimmed.length <= 253 && trimmed.split(".").every((label) => DNS_LABEL.test(label));
}
