import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { TraceStore } from "../../src-main/tracing/trace-store.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const child = fileURLToPath(new URL("./kill-child.ts", import.meta.url));

/** Runs the child until it has acknowledged `acks` traces (or 10 s), then SIGKILLs it. */
function runAndKill(dir: string, acks: number, extraDelayMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ["--import", "tsx", child, dir], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    let killing = false;
    const kill = () => {
      if (killing) return;
      killing = true;
      setTimeout(() => proc.kill("SIGKILL"), extraDelayMs);
    };
    const guard = setTimeout(kill, 10_000);
    proc.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      if (out.split("\n").length - 1 >= acks) kill();
    });
    proc.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      err += chunk;
    });
    proc.on("error", reject);
    proc.on("exit", (_code, signal) => {
      clearTimeout(guard);
      if (signal !== "SIGKILL") {
        reject(new Error(`child exited by itself (${signal}): ${err}`));
        return;
      }
      // Only whole lines: a half-printed id was not yet acknowledged to us.
      const lines = out.split("\n");
      lines.pop();
      resolve(lines.filter((l) => /^[0-9a-f]{32}$/.test(l)));
    });
  });
}

describe("TraceStore after kill -9", () => {
  it("stays readable and keeps every acknowledged trace, over several kills", async () => {
    const dir = await tempDir("agentic-traces-kill-");
    const acknowledged: string[] = [];
    for (let round = 0; round < 5; round++) {
      const acks = 20 + Math.floor(Math.random() * 200);
      const ids = await runAndKill(dir, acks, Math.floor(Math.random() * 30));
      acknowledged.push(...ids);

      const store = new TraceStore({ dir, maxTotalBytes: 1024 * 1024 * 1024 });
      const all = await store.query({ limit: 10_000 });
      const present = new Set(all.map((t) => t.traceId));
      const missing = acknowledged.filter((id) => !present.has(id));
      expect(missing, `round ${round}: acknowledged traces missing`).toEqual([]);
      // Every trace read back is whole.
      for (const t of all) expect(t.observations[0]?.traceId).toBe(t.traceId);
    }
    expect(acknowledged.length).toBeGreaterThanOrEqual(100);
  }, 120_000);
});
