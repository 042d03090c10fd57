/**
 * A trace found by the id a user has at hand: the UI and the CLI show ids shortened
 * ("trace 3f2a9c1b…"), and a user copies what they see, with or without the ellipsis.
 */
import type { TraceStore } from "../tracing/trace-store.ts";
import type { TraceRecord } from "../tracing/trace-types.ts";

/** Thrown when a shortened id fits several traces; names a few. */
export class AmbiguousTraceIdError extends Error {
  readonly hint = "give more of the id";
  constructor(given: string, matches: string[]) {
    super(
      `${matches.length} traces start with ${JSON.stringify(given)}: ${matches
        .slice(0, 5)
        .join(", ")}${matches.length > 5 ? ", …" : ""}`,
    );
    this.name = "AmbiguousTraceIdError";
  }
}

/** The trace with this id, or the only one whose id starts with it (4 characters or more). */
export async function findTrace(
  store: Pick<TraceStore, "get" | "query">,
  given: string,
): Promise<TraceRecord | undefined> {
  const id = given
    .trim()
    .replace(/(…|\.\.\.)$/, "")
    .toLowerCase();
  const exact = await store.get(id);
  if (exact) return exact;
  if (id.length < 4) return undefined;
  const matches = (await store.query({ limit: 10_000 }))
    .map((t) => t.traceId)
    .filter((traceId) => traceId.startsWith(id));
  if (matches.length > 1) throw new AmbiguousTraceIdError(id, matches);
  return matches[0] ? store.get(matches[0]) : undefined;
}
