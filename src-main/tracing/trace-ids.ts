/** OpenTelemetry-style ids: 32 hex characters for a trace, 16 for a span; never all zeros. */
import { randomBytes } from "node:crypto";

/** Random bytes are fetched in blocks: one syscall per many ids keeps ids cheap on the hot path. */
const POOL_SIZE = 4096;
let pool = Buffer.alloc(0);
let offset = 0;

function hex(bytes: number): string {
  if (offset + bytes > pool.length) {
    pool = randomBytes(POOL_SIZE);
    offset = 0;
  }
  const out = pool.toString("hex", offset, offset + bytes);
  offset += bytes;
  // An all-zero id is invalid in OpenTelemetry; astronomically unlikely, but cheap to rule out.
  return /^0+$/.test(out) ? hex(bytes) : out;
}

/** A new 32-hex trace id. */
export function newTraceId(): string {
  return hex(16);
}

/** A new 16-hex span (observation) id. */
export function newSpanId(): string {
  return hex(8);
}

/** True for a valid 32-hex trace id. */
export function isTraceId(value: unknown): value is string {
  return typeof value === "string" && /^[0-9a-f]{32}$/.test(value) && !/^0+$/.test(value);
}
