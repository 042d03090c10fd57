/**
 * Is something there? LiteLLM: its unauthenticated liveness route answers 200. A deployment's
 * base: a TCP connection opens. Both with short timeouts, never throwing.
 */
import net from "node:net";

/** Whether LiteLLM answers at `baseUrl` (GET /health/liveliness → 200). */
export async function litellmAnswers(baseUrl: string, timeoutMs = 1500): Promise<boolean> {
  try {
    const response = await fetch(new URL("/health/liveliness", baseUrl), {
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

/** Whether a TCP connection to the URL's host and port opens within `timeoutMs`. */
export function portOpen(url: string, timeoutMs = 1000): Promise<boolean> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return Promise.resolve(false);
  }
  const port = Number(parsed.port) || (parsed.protocol === "https:" ? 443 : 80);
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}
