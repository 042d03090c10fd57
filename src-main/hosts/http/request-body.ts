/** Reads a request body up to a limit, for both loopback HTTP hosts (web host and MCP). */
import type { IncomingMessage } from "node:http";
import type { Refusal } from "./request-guard.ts";

/** What a body over the limit answers (413), in the words both hosts use. */
export function tooLarge(limit: number): Refusal {
  return { status: 413, code: "TOO_LARGE", message: `the request is larger than ${limit} bytes` };
}

/**
 * The body as text, or a 413 refusal once it passes `limit` bytes (declared or sent): the rest is
 * drained, not buffered, so a huge upload costs no memory.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<string | Refusal> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > limit) {
      req.resume();
      resolve(tooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.resume();
        resolve(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
