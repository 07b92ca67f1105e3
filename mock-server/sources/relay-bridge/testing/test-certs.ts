// Certificates for the TLS tests, made with the openssl CLI in a temp dir the
// way Cilium's Helm chart lays out Hubble's PKI: one CA, a relay server
// certificate for *.hubble-relay.cilium.io (so clients verify it under a
// server name, not the IP they dial), and a client certificate for mTLS.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestPki {
  dir: string;
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** A CA that signed nothing here: trusting only it must fail verification. */
  otherCaCert: string;
  remove(): void;
}

export const RELAY_CERT_NAME = "*.hubble-relay.cilium.io";
export const RELAY_SERVER_NAME = "ui.hubble-relay.cilium.io";

/** Generates the PKI (EC P-256 keys, valid one day). Throws if openssl fails. */
export function generateTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), "observatory-relay-pki-"));
  const path = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  const newKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  const makeCa = (name: string, subject: string) =>
    openssl("req", "-x509", ...newKey, "-keyout", `${name}.key`, "-out", `${name}.crt`, "-days", "1", "-subj", subject,
      "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
  makeCa("ca", "/CN=Observatory test Hubble CA");
  makeCa("other-ca", "/CN=Some other CA");
  const issue = (name: string, subject: string, extensions: string) => {
    writeFileSync(path(`${name}.ext`), extensions);
    openssl("req", "-new", ...newKey, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", subject);
    openssl("x509", "-req", "-in", `${name}.csr`, "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
      "-out", `${name}.crt`, "-days", "1", "-extfile", `${name}.ext`);
  };
  issue("server", `/CN=${RELAY_CERT_NAME}`, `subjectAltName=DNS:${RELAY_CERT_NAME}\nextendedKeyUsage=serverAuth\n`);
  issue("client", "/CN=observatory.hubble-relay.cilium.io", "extendedKeyUsage=clientAuth\n");
  return {
    dir,
    caCert: path("ca.crt"),
    serverCert: path("server.crt"),
    serverKey: path("server.key"),
    clientCert: path("client.crt"),
    clientKey: path("client.key"),
    otherCaCert: path("other-ca.crt"),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
