/** Records every finished invocation in the history store, then tells a listener. */
import { describeThrown } from "../core/errors.ts";
import { MIDDLEWARE_ORDER, type NamedMiddleware } from "../core/middleware.ts";
import { type KeyMatcher, redact } from "../tracing/redact.ts";
import type { HistoryEntry } from "./contract.ts";
import type { HistoryStore } from "./history-store.ts";

/**
 * Middleware that appends each invocation's outcome to `history`, failures included. It runs
 * inside the tracing middleware, so the entry carries the invocation's traceId; secret-looking
 * keys are redacted with the same matcher the traces use.
 */
export function historyMiddleware(
  history: HistoryStore,
  secretKeys: KeyMatcher,
  onRecorded: (entry: HistoryEntry) => void = () => {},
): NamedMiddleware {
  return {
    name: "history",
    order: MIDDLEWARE_ORDER.history,
    async run(invocation, next) {
      const startedAt = new Date().toISOString();
      const result = await next(invocation);
      const traceId = result.traceId ?? invocation.traceId;
      const entry: HistoryEntry = {
        invocationId: result.invocationId,
        tool: invocation.tool.metadata.name,
        params: redact(invocation.params, secretKeys),
        ok: result.ok,
        ...(result.ok
          ? { value: redact(result.value, secretKeys) }
          : { error: redact(result.error, secretKeys) as HistoryEntry["error"] }),
        durationMs: result.durationMs,
        cost: result.cost,
        startedAt,
        origin: invocation.origin,
        ...(traceId ? { traceId } : {}),
      };
      // The result is returned once the entry is on disk: what the user saw is never lost, and
      // when it cannot be written the result says so rather than staying silent.
      try {
        await history.append(entry);
      } catch (error) {
        result.warnings = [
          ...(result.warnings ?? []),
          `history: this invocation could not be recorded (${describeThrown(error)}); check that $AGENTIC_HOME is writable`,
        ];
      }
      onRecorded(entry);
      return result;
    },
  };
}
