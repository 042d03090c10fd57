/** What every benchmark suite needs: order statistics, tinybench's latency in µs, a closed port. */
import net from "node:net";
import { performance } from "node:perf_hooks";
import type { Task } from "tinybench";

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Nearest-rank quantile (q in 0..1): with fewer than 100 samples, q = 0.99 is the slowest one. */
export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN
  );
}

/** A tinybench task's median and p99 per call in microseconds (tinybench reports milliseconds). */
export function latencyUs(task: Task): { medianUs: number; p99Us: number; samples: number } {
  const latency = task.result?.latency;
  if (!latency) throw new Error(`${task.name}: no result`);
  return {
    medianUs: (latency.p50 ?? Number.NaN) * 1000,
    p99Us: (latency.p99 ?? Number.NaN) * 1000,
    samples: latency.samples.length,
  };
}

/** A loopback port nothing listens on (it was free a moment ago), for "connection refused". */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Median and p99 of samples in milliseconds. */
export function msStats(samples: number[]): { medianMs: number; p99Ms: number } {
  return { medianMs: quantile(samples, 0.5), p99Ms: quantile(samples, 0.99) };
}

/**
 * Times `fns` interleaved (a, b, c, a, b, c, …) so drift hits every row alike; the first `warmup`
 * rounds are not kept. One array of milliseconds per function.
 */
export async function interleaved(
  fns: (() => Promise<unknown>)[],
  rounds: number,
  warmup: number,
): Promise<number[][]> {
  const samples = fns.map(() => [] as number[]);
  for (let round = 0; round < warmup + rounds; round++) {
    for (const [i, fn] of fns.entries()) {
      const t0 = performance.now();
      await fn();
      const dt = performance.now() - t0;
      if (round >= warmup) samples[i]?.push(dt);
    }
  }
  return samples;
}
