// Serves the built single-page app from dist/ with a strict Content-Security-
// Policy: flow strings come from the network, so no inline script may run even
// if some text ever reached the DOM as markup.
import { createReadStream, existsSync, statSync } from "node:fs";
import { extname, join, normalize, sep } from "node:path";
import type { HttpRequest as Req, HttpResponse as Res } from "./one-port.ts";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json",
};

/**
 * The UI may stream from another Observatory or gRPC-web endpoint (`?server=`),
 * so connect-src allows any http(s) origin; scripts only from our own origin.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self' http: https:",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** Returns a handler serving files under `root`, falling back to index.html for client routes. */
export function createStaticUi(root: string): (req: Req, res: Res) => void {
  const indexHtml = join(root, "index.html");
  return (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" });
      res.end();
      return;
    }
    if (!existsSync(indexHtml)) {
      res.writeHead(503, { "content-type": "text/plain; charset=utf-8" });
      res.end("The UI is not built: run `npm run build` (npm start does it for you).\n");
      return;
    }
    const file = resolveFile(root, new URL(req.url ?? "/", "http://x").pathname) ?? indexHtml;
    const type = CONTENT_TYPES[extname(file)] ?? "application/octet-stream";
    res.writeHead(200, {
      "content-type": type,
      "content-security-policy": CONTENT_SECURITY_POLICY,
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      // Hashed asset names never change; the page itself must always revalidate.
      "cache-control": file.includes(`${sep}assets${sep}`) ? "public, max-age=31536000, immutable" : "no-cache",
    });
    if (req.method === "HEAD") {
      res.end();
      return;
    }
    createReadStream(file).pipe(res as NodeJS.WritableStream);
  };
}

/** Maps a URL path to a regular file inside root, refusing anything that escapes it. */
function resolveFile(root: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes("\0")) return undefined;
  const candidate = normalize(join(root, decoded));
  if (candidate !== root && !candidate.startsWith(root.endsWith(sep) ? root : root + sep)) return undefined;
  try {
    return statSync(candidate).isFile() ? candidate : undefined;
  } catch {
    return undefined;
  }
}
