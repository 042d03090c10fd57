/** Records every finished invocation in the history store, then tells a listener. */
import type { InvocationMiddleware } from "../core/middleware.ts";
import type { HistoryEntry } from "./contract.ts";
import type { HistoryStore } from "./history-store.ts";

/** Middleware that appends each invocation's outcome to `history`, failures included. */
export function historyMiddleware(
  history: HistoryStore,
  onRecorded: (entry: HistoryEntry) => void = () => {},
): InvocationMiddleware {
  return async (invocation, next) => {
    const startedAt = new Date().toISOString();
    const result = await next(invocation);
    const entry: HistoryEntry = {
      invocationId: result.invocationId,
      tool: invocation.tool.metadata.name,
      params: invocation.params,
      ok: result.ok,
      ...(result.ok ? { value: result.value } : { error: result.error }),
      durationMs: result.durationMs,
      cost: result.cost,
      startedAt,
      ...(result.traceId ? { traceId: result.traceId } : {}),
    };
    // The result is returned once the entry is on disk: what the user saw is never lost.
    await history.append(entry).catch(() => undefined);
    onRecorded(entry);
    return result;
  };
}
