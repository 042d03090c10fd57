/**
 * Child process of kill-loop.test.ts: appends history entries numbered from argv[3] in the
 * folder argv[2], printing `ack N` once entry N is acknowledged (append resolved), until killed.
 * Some entries are large (a value near the store's 64 KiB limit) so a kill can land mid-write.
 */
import { HistoryStore } from "../../src-main/api/history-store.ts";

const [dir, first] = process.argv.slice(2);
if (!dir || !first) throw new Error("usage: history-writer.ts DIR FIRST");
const store = new HistoryStore({ dir });
const { skipped } = await store.load();
process.stdout.write(`ready ${skipped}\n`);
for (let n = Number(first); ; n++) {
  const big = n % 10 === 0;
  await store.append({
    invocationId: `inv-${n}`,
    tool: "@crash/test",
    params: { n },
    ok: true,
    value: big ? "v".repeat(60_000 + (n % 3_000)) : n,
    durationMs: 1,
    cost: 0,
    startedAt: new Date().toISOString(),
  });
  // A pipe's write is synchronous on Linux: once this returns, the parent can see the ack.
  process.stdout.write(`ack ${n}\n`);
}
