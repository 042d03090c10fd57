/**
 * The Workbench API over the web host: calls are POSTs carrying the per-launch token, events
 * arrive over server-sent events. The token comes from the URL the host printed and is then
 * moved out of the address bar into session storage.
 */
import type { WorkbenchClient, WorkbenchEvent } from "../../src-main/api/contract.ts";
import { ApiError, type CallTransport, createClient } from "./api-client.ts";

export { ApiError } from "./api-client.ts";

const TOKEN_KEY = "agentic.token";

function takeToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get("token");
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete("token");
    window.history.replaceState(null, "", url.toString());
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? "";
}

/** Whether the web host answers: `lost` when a call or the event stream cannot reach it. */
export type ConnectionState = "connected" | "lost";
const connectionListeners = new Set<(state: ConnectionState) => void>();
let connectionState: ConnectionState = "connected";
function setConnection(state: ConnectionState): void {
  if (state === connectionState) return;
  connectionState = state;
  for (const listener of connectionListeners) listener(state);
}

/** Follows the connection to the web host (the event stream reconnects by itself). */
export function onConnectionChange(listener: (state: ConnectionState) => void): () => void {
  connectionListeners.add(listener);
  return () => connectionListeners.delete(listener);
}

/** Calls numbered as they are sent, and the number of the last one that got no answer. */
let lastSent = 0;
let lastLost = 0;

/** The web host's transport: a POST per call carrying the per-launch token. */
function httpTransport(token: string): CallTransport {
  return async (name, args) => {
    const sent = ++lastSent;
    let response: Response;
    try {
      response = await fetch(`/api/call/${name}`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ args }),
      });
    } catch (error) {
      // Nothing answered (the host stopped): a connection state, not the call's own failure.
      lastLost = Math.max(lastLost, sent);
      setConnection("lost");
      throw new ApiError(
        "DISCONNECTED",
        `the workbench did not answer (${(error as Error).message})`,
      );
    }
    // Only an answer to a call sent after the loss says the host is back: one that was already
    // on its way when the host stopped answering would hide the loss.
    if (sent > lastLost) setConnection("connected");
    const body = (await response.json().catch(() => ({}))) as {
      result?: unknown;
      error?: { code: string; message: string; hint?: string };
    };
    if (!response.ok || body.error) {
      return {
        ok: false,
        error: body.error ?? { code: `HTTP_${response.status}`, message: response.statusText },
      };
    }
    return { ok: true, result: body.result };
  };
}

export function createHttpApi(): WorkbenchClient {
  const token = takeToken();
  const listeners = new Set<(event: WorkbenchEvent) => void>();
  let source: EventSource | undefined;
  const ensureStream = () => {
    if (source) return;
    source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
    source.onopen = () => setConnection("connected");
    source.onerror = () => {
      if (source?.readyState !== EventSource.OPEN) setConnection("lost");
    };
    source.onmessage = (message) => {
      const event = JSON.parse(message.data) as WorkbenchEvent;
      for (const listener of listeners) listener(event);
    };
  };
  const subscribe = (listener: (event: WorkbenchEvent) => void) => {
    listeners.add(listener);
    ensureStream();
    return () => listeners.delete(listener);
  };
  return createClient(httpTransport(token), subscribe);
}

/** What Electron's preload exposes as `window.workbench` (src-main/hosts/electron/preload.ts). */
interface PreloadBridge {
  call: CallTransport;
  subscribe: WorkbenchClient["subscribe"];
}

/** The API this renderer talks to: Electron's preload bridge if present, else HTTP. */
export function connectApi(): WorkbenchClient {
  const bridge = (window as unknown as { workbench?: PreloadBridge }).workbench;
  return bridge ? createClient(bridge.call, bridge.subscribe) : createHttpApi();
}
