/**
 * The Workbench API over the web host: calls are POSTs carrying the per-launch token, events
 * arrive over server-sent events. The token comes from the URL the host printed and is then
 * moved out of the address bar into session storage.
 */
import type { WorkbenchApi, WorkbenchCalls, WorkbenchEvent } from "../../src-main/api/contract.ts";

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

/** An API error as the host reported it. */
export class ApiError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

export function createHttpApi(): WorkbenchApi {
  const token = takeToken();
  const call =
    (name: keyof WorkbenchCalls) =>
    async (...args: unknown[]): Promise<unknown> => {
      let response: Response;
      try {
        response = await fetch(`/api/call/${name}`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({ args }),
        });
      } catch (error) {
        // Nothing answered (the host stopped): a connection state, not the call's own failure.
        setConnection("lost");
        throw new ApiError(
          "DISCONNECTED",
          `the workbench did not answer (${(error as Error).message})`,
        );
      }
      setConnection("connected");
      const body = (await response.json().catch(() => ({}))) as {
        result?: unknown;
        error?: { code: string; message: string };
      };
      if (!response.ok || body.error) {
        throw new ApiError(
          body.error?.code ?? `HTTP_${response.status}`,
          body.error?.message ?? response.statusText,
        );
      }
      return body.result;
    };
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
  // Every other property is a call by that name: the list of calls lives in the contract alone.
  const calls = new Map<string, (...args: unknown[]) => Promise<unknown>>();
  const api = new Proxy({} as WorkbenchApi, {
    get(_target, property) {
      if (property === "subscribe") return subscribe;
      if (typeof property !== "string" || property === "then") return undefined;
      let fn = calls.get(property);
      if (!fn) {
        fn = call(property as keyof WorkbenchCalls);
        calls.set(property, fn);
      }
      return fn;
    },
  });
  return api;
}

/** The API this renderer talks to: Electron's preload object if present, else HTTP. */
export function connectApi(): WorkbenchApi {
  const fromPreload = (window as unknown as { workbench?: WorkbenchApi }).workbench;
  return fromPreload ?? createHttpApi();
}
