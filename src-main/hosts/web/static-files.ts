/** Serves the built renderer: files inside its folder only, with a strict CSP on the page. */
import { readFile, realpath } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import path from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".woff2": "font/woff2",
};

/** The page's Content-Security-Policy: no inline or eval'd scripts, talk only to ourselves. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** Answers a GET for `pathname` from `rootDir`; returns false when there is no such file. */
export async function serveStatic(
  rootDir: string,
  pathname: string,
  res: ServerResponse,
): Promise<boolean> {
  let relative: string;
  try {
    relative = decodeURIComponent(pathname === "/" ? "/index.html" : pathname);
  } catch {
    return false;
  }
  if (relative.includes("\0")) return false;
  const root = await realpath(rootDir).catch(() => undefined);
  if (!root) return false;
  const file = path.resolve(root, `.${relative}`);
  const real = await realpath(file).catch(() => undefined);
  if (!real || !(real === root || real.startsWith(root + path.sep))) return false;
  const body = await readFile(real).catch(() => undefined);
  if (!body) return false;
  const type = TYPES[path.extname(real)] ?? "application/octet-stream";
  res.writeHead(200, {
    "content-type": type,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    // Hashed asset names never change; the page itself must always be fresh.
    "cache-control": relative.startsWith("/assets/")
      ? "public, max-age=31536000, immutable"
      : "no-store",
    ...(type.startsWith("text/html") ? { "content-security-policy": CONTENT_SECURITY_POLICY } : {}),
  });
  res.end(body);
  return true;
}
