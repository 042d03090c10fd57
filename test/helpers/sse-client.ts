/** A raw server-sent-events client of the web host's /api/events, for API tests. */
import http from "node:http";
import type { WorkbenchEvent } from "../../src-main/api/contract.ts";

/** The events received so far, and a wait for the next that matches. */
export interface EventStream {
  events: WorkbenchEvent[];
  /** The first event (from index `from` on) that matches, waiting for it if need be. */
  next<T extends WorkbenchEvent>(
    match: (e: WorkbenchEvent) => e is T,
    timeoutMs?: number,
    from?: number,
  ): Promise<T>;
  next(
    match: (e: WorkbenchEvent) => boolean,
    timeoutMs?: number,
    from?: number,
  ): Promise<WorkbenchEvent>;
  close(): void;
}

/**
 * Opens the host's event stream with its token in the query string (as EventSource must);
 * rejects unless the answer is a 200 `text/event-stream`.
 */
export function openEvents(port: number, token: string): Promise<EventStream> {
  return new Promise((resolve, reject) => {
    const events: WorkbenchEvent[] = [];
    const waiters = new Set<() => void>();
    const req = http.get(
      { host: "127.0.0.1", port, path: `/api/events?token=${token}`, agent: false },
      (res) => {
        if (res.statusCode !== 200 || res.headers["content-type"] !== "text/event-stream") {
          reject(new Error(`events: HTTP ${res.statusCode} ${res.headers["content-type"]}`));
          return;
        }
        res.setEncoding("utf8");
        let buffer = "";
        res.on("data", (chunk: string) => {
          buffer += chunk;
          let end = buffer.indexOf("\n\n");
          while (end >= 0) {
            for (const line of buffer.slice(0, end).split("\n")) {
              if (line.startsWith("data: "))
                events.push(JSON.parse(line.slice(6)) as WorkbenchEvent);
            }
            buffer = buffer.slice(end + 2);
            end = buffer.indexOf("\n\n");
          }
          for (const wake of waiters) wake();
        });
        resolve({
          events,
          next(match: (e: WorkbenchEvent) => boolean, timeoutMs = 10_000, from = 0) {
            return new Promise<WorkbenchEvent>((resolveNext, rejectNext) => {
              const check = () => {
                const found = events.slice(from).find(match);
                if (!found) return;
                waiters.delete(check);
                clearTimeout(timer);
                resolveNext(found);
              };
              const timer = setTimeout(() => {
                waiters.delete(check);
                rejectNext(
                  new Error(`no matching event in ${timeoutMs} ms; got ${JSON.stringify(events)}`),
                );
              }, timeoutMs);
              waiters.add(check);
              check();
            });
          },
          close: () => req.destroy(),
        } as EventStream);
      },
    );
    // After close(), the destroyed request's error is ours, not the stream's.
    req.on("error", (error) => {
      if (!req.destroyed) reject(error);
    });
  });
}
