/** What every benchmark suite needs: order statistics, tinybench's latency in µs, a closed port. */
import net from "node:net";
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
