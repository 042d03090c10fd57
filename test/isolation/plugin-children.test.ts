/**
 * Child processes a plugin starts end with the plugin host: when the workbench closes, when the
 * host is restarted after a crash, and when the `agentic` command exits. Real `sleep` processes,
 * polled with signal 0 (a zombie counts as ended: it runs nothing).
 */
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createWorkbench, type Workbench } from "../../src-main/api/workbench.ts";
import { runAgentic } from "../helpers/run-cli.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const SPAWNER = `import { spawn, exec } from "node:child_process";
export default {
  metadata: { name: "@t/spawner", description: "Starts long-running processes.", deterministic: false,
    costPerInvocation: 0, parametersSchema: { type: "object" } },
  async invoke(p) {
    const plain = spawn("sleep", ["1000"], { stdio: "ignore" });
    const detached = spawn("sleep", ["1001"], { stdio: "ignore", detached: true });
    detached.unref();
    // The shell exits at once; its background child is reparented away from us.
    const orphan = await new Promise((resolve) =>
      exec("sleep 1002 >/dev/null 2>&1 & echo $!", (_e, out) => resolve(Number(out.trim()))));
    if (p.crash) setTimeout(() => process.exit(3), 50);
    return { pids: [plain.pid, detached.pid, orphan] };
  },
};`;

/** Whether the process runs (exists and is not a zombie). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] !== "Z";
  } catch {
    return false;
  }
}

const leftovers: number[] = [];
afterAll(() => {
  for (const pid of leftovers) if (running(pid)) process.kill(pid, "SIGKILL");
});

async function setup(): Promise<{ dir: string; home: string; workspace: string }> {
  const dir = await tempDir("agentic-children-plugins-");
  await writeFile(path.join(dir, "spawner.mjs"), SPAWNER);
  return {
    dir,
    home: await tempDir("agentic-children-home-"),
    workspace: await tempDir("agentic-children-ws-"),
  };
}

async function open(): Promise<Workbench> {
  const { dir, home, workspace } = await setup();
  return createWorkbench({
    workspaceRoot: workspace,
    pluginDirs: [dir],
    onlyPluginDirs: true,
    env: { AGENTIC_HOME: home },
    mcpServers: false,
  });
}

async function spawnSleeps(wb: Workbench, params: object = {}): Promise<number[]> {
  const result = await wb.registry.invoke("@t/spawner", params);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  const { pids } = result.value as { pids: number[] };
  leftovers.push(...pids);
  expect(pids).toHaveLength(3);
  for (const pid of pids) expect(running(pid), `sleep ${pid} runs`).toBe(true);
  return pids;
}

describe.skipIf(process.platform === "win32")("a plugin's child processes", () => {
  it("end when the workbench closes: plain, detached, and a shell's background job", async () => {
    const wb = await open();
    const pids = await spawnSleeps(wb);
    await wb.close();
    await expect.poll(() => pids.filter(running), { timeout: 5_000 }).toEqual([]);
  });

  it("end when the plugin host goes down (a plugin's process.exit)", async () => {
    const wb = await open();
    try {
      const pids = await spawnSleeps(wb, { crash: true });
      await expect.poll(() => pids.filter(running), { timeout: 5_000 }).toEqual([]);
    } finally {
      await wb.close();
    }
  });

  it("end when the agentic command exits", async () => {
    const { dir, home, workspace } = await setup();
    const run = await runAgentic(["--plugins-dir", dir, "invoke", "@t/spawner", "--json"], {
      cwd: workspace,
      env: { AGENTIC_HOME: home },
    });
    expect(run.code, run.stderr).toBe(0);
    const pids = (JSON.parse(run.stdout) as { value: { pids: number[] } }).value.pids;
    leftovers.push(...pids);
    expect(pids).toHaveLength(3);
    await expect.poll(() => pids.filter(running), { timeout: 5_000 }).toEqual([]);
  });
});
