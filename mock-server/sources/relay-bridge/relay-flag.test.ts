// `--relay [NAME=]HOST:PORT`: what is accepted, how it is normalised, and the
// message for each mistake.
import { describe, expect, it } from "vitest";
import { parseRelayFlag, parseRelayFlags, RelayFlagError, relayLabel } from "./relay-flag.ts";

describe("parseRelayFlag", () => {
  it.each([
    ["hubble-relay:4245", { address: "hubble-relay:4245", host: "hubble-relay", port: 4245 }],
    ["hubble-relay.kube-system.svc.cluster.local:80", { address: "hubble-relay.kube-system.svc.cluster.local:80", port: 80 }],
    ["localhost.:4245", { address: "localhost.:4245", host: "localhost." }],
    ["127.0.0.1:4245", { address: "127.0.0.1:4245", host: "127.0.0.1", port: 4245 }],
    ["east=10.0.0.5:4245", { name: "east", address: "10.0.0.5:4245", host: "10.0.0.5", port: 4245 }],
    ["kind-kind=relay:4245", { name: "kind-kind", address: "relay:4245" }],
    ["c1.prod_2=relay:1", { name: "c1.prod_2", port: 1 }],
    ["[::1]:4245", { address: "[::1]:4245", host: "::1", port: 4245 }],
    ["west=[fd00::10:5]:65535", { name: "west", address: "[fd00::10:5]:65535", host: "fd00::10:5", port: 65_535 }],
    ["[::ffff:10.0.0.1]:4245", { address: "[::ffff:10.0.0.1]:4245", host: "::ffff:10.0.0.1" }],
  ])("accepts %s", (value, expected) => {
    const target = parseRelayFlag(value);
    expect(target).toMatchObject(expected);
    if (!("name" in expected)) expect(target).not.toHaveProperty("name");
  });

  it.each([
    ["", /expected \[NAME=\]HOST:PORT/],
    ["   ", /expected \[NAME=\]HOST:PORT/],
    ["hubble-relay", /missing port, e\.g\. hubble-relay:4245/],
    ["east=hubble-relay", /missing port/],
    ["hubble-relay:", /port must be a number from 1 to 65535, got ""/],
    ["hubble-relay:0", /port must be a number from 1 to 65535, got "0"/],
    ["hubble-relay:65536", /port must be a number from 1 to 65535/],
    ["hubble-relay:http", /port must be a number/],
    ["hubble-relay:-1", /port must be a number/],
    [":4245", /missing HOST before ":4245"/],
    ["=relay:4245", /empty NAME before "="/],
    ["east=", /missing HOST:PORT after "east="/],
    ["a/b=relay:4245", /NAME "a\/b" must not contain "\/": it becomes the cluster prefix/],
    ["-east=relay:4245", /NAME "-east" must be 1-63 letters/],
    ["east cluster=relay:4245", /must not contain spaces/],
    ["http://relay:4245", /without a scheme \(TLS is chosen with --relay-tls\)/],
    ["grpc+tls://relay:4245", /without a scheme/],
    ["::1:4245", /IPv6 addresses go in brackets/],
    ["fd00::1", /IPv6 addresses go in brackets with a port, e\.g\. \[fd00::1\]:4245/],
    ["[::1]", /missing port after "\[::1\]", e\.g\. \[::1\]:4245/],
    ["[::1", /unclosed "\["/],
    ["[not-ipv6]:4245", /"not-ipv6" is not an IPv6 address/],
    ["[::1]4245", /expected ":PORT" after "\[::1\]"/],
    ["10.0.0.256:4245", /"10\.0\.0\.256" is neither a host name nor an IPv4 address/],
    ["relay_!:4245", /neither a host name/],
    ["a..b:4245", /neither a host name/],
  ])("rejects %j", (value, message) => {
    expect(() => parseRelayFlag(value)).toThrow(RelayFlagError);
    expect(() => parseRelayFlag(value)).toThrow(message);
    expect(() => parseRelayFlag(value)).toThrow(`--relay "${value}": `);
  });
});

describe("parseRelayFlags", () => {
  it("keeps the order of the flags", () => {
    expect(parseRelayFlags(["east=a:1", "b:2"]).map((t) => t.address)).toEqual(["a:1", "b:2"]);
  });

  it.each([
    [["east=a:1", "east=b:2"], /NAME "east" is given twice/],
    [["a:1", "west=a:1"], /a:1 is given twice/],
    [["Relay:1", "relay:1"], /is given twice/],
  ])("rejects repeats in %j", (values, message) => {
    expect(() => parseRelayFlags(values)).toThrow(message);
  });
});

describe("relayLabel", () => {
  it("names a relay by NAME and address, or address alone", () => {
    expect(relayLabel({ name: "east", address: "a:1" })).toBe("east (a:1)");
    expect(relayLabel({ address: "[::1]:4245" })).toBe("[::1]:4245");
  });
});
