/**
 * Appends traces to the store in `process.argv[2]` forever, printing each trace id once its append
 * has resolved (acknowledged), until killed. Run by kill9.test.ts as `node --import tsx`.
 */
import { TraceStore } from "../../src-main/tracing/trace-store.ts";
import { traceRecord } from "./fixtures.ts";

const dir = process.argv[2];
if (!dir) throw new Error("usage: kill-child.ts DIR");
const store = new TraceStore({ dir, maxFileBytes: 64 * 1024, maxTotalBytes: 1024 * 1024 * 1024 });

async function main(): Promise<void> {
  for (;;) {
    // Bursts of concurrent appends make multi-line writes, and big records long ones: both widen
    // the window in which a kill can tear a line.
    const burst = Array.from({ length: 1 + Math.floor(Math.random() * 20) }, () => {
      const big = Math.random() < 0.2;
      const t = traceRecord({ output: big ? "y".repeat(20_000 + Math.random() * 40_000) : 1 });
      return store.append(t).then(() => {
        process.stdout.write(`${t.traceId}\n`);
      });
    });
    await Promise.all(burst);
  }
}

void main();
