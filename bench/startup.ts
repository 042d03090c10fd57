/**
 * Start-up of the `agentic` command as a user meets it: whole processes, side by side in one run,
 * against `node -e 0` (the floor any Node CLI pays). Wall time, CPU time (user + system) and peak
 * RSS come from GNU time (`/usr/bin/time -f`), so they cover the whole process tree, the plugin
 * host's worker thread included. Three tables:
 * - commands: the built CLI (out/main/cli.js), `--help` also from source (tsx);
 * - `agentic mcp`: spawn → `tools/list` answered, beside the MCP SDK's own example stdio server;
 * - `tools list` with 10 and 1,000 generated plugin files, nothing cached.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { buildIfStale } from "../scripts/build-if-stale.mjs";
import { type PluginExt, writePlugins } from "./load-plugins.ts";
import { num, table } from "./markdown.ts";
import { median } from "./stats.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const AGENTIC = path.join(ROOT, "bin", "agentic.js");
const RUNS = 7;
const PLUGIN_RUNS = 5;
const MCP_RUNS = 9;
/** The MCP SDK's example stdio server (one tool, zod schemas): what an MCP server costs to start. */
const SDK_EXAMPLE = createRequire(import.meta.url).resolve(
  "@modelcontextprotocol/sdk/examples/server/mcpServerOutputSchema.js",
);

export const STARTUP_TARGETS = {
  helpRatio: 3,
  listCpuMs: 400,
  listRssMiB: 90,
  invokeCpuMs: 400,
  mcpRatio: 2,
  plugins1000Ms: 1000,
};

/** One command's medians over its runs. */
export interface StartupRow {
  key: string;
  label: string;
  wallMs: number;
  cpuMs: number;
  rssMiB: number;
}

export interface PluginCountRow extends StartupRow {
  ext: PluginExt;
  count: number;
}

export interface StartupSuite {
  rows: StartupRow[];
  runs: number;
  mcp: { agenticMs: number; sdkExampleMs: number; runs: number; tools: number };
  plugins: PluginCountRow[];
  pluginRuns: number;
}

function measure(
  args: string[],
  env: NodeJS.ProcessEnv,
): { wallMs: number; cpuMs: number; rssMiB: number } {
  const run = spawnSync("/usr/bin/time", ["-f", "TIME %e %U %S %M", process.execPath, ...args], {
    env,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const match = /TIME (\S+) (\S+) (\S+) (\d+)/.exec(run.stderr);
  if (run.status !== 0 || !match) {
    throw new Error(`${args.join(" ")} failed (${run.status}): ${run.stderr.slice(-500)}`);
  }
  return {
    wallMs: Number(match[1]) * 1000,
    cpuMs: (Number(match[2]) + Number(match[3])) * 1000,
    rssMiB: Number(match[4]) / 1024,
  };
}

/** Runs the commands in interleaved rounds, so a busy moment hits every command alike. */
function interleaved<
  T extends { key: string; label: string; args: string[]; env: NodeJS.ProcessEnv },
>(commands: T[], runs: number): (T & StartupRow)[] {
  const samples = commands.map(() => [] as ReturnType<typeof measure>[]);
  for (let round = 0; round < runs; round++) {
    for (const [i, command] of commands.entries()) {
      samples[i]?.push(measure(command.args, command.env));
    }
  }
  return commands.map((command, i) => {
    const s = samples[i] ?? [];
    return {
      ...command,
      wallMs: median(s.map((x) => x.wallMs)),
      cpuMs: median(s.map((x) => x.cpuMs)),
      rssMiB: median(s.map((x) => x.rssMiB)),
    };
  });
}

/** Spawn → initialize → tools/list answered, through the SDK's client over stdio (ms). */
async function mcpListOnce(
  command: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ ms: number; tools: number }> {
  const client = new Client({ name: "bench", version: "1.0.0" });
  const transport = new StdioClientTransport({ command, args, env, stderr: "ignore" });
  const started = performance.now();
  await client.connect(transport);
  const { tools } = await client.listTools();
  const ms = performance.now() - started;
  await client.close();
  return { ms, tools: tools.length };
}

async function benchMcp(env: Record<string, string>): Promise<StartupSuite["mcp"]> {
  const agentic = [] as number[];
  const sdk = [] as number[];
  let tools = 0;
  // One warm-up each (the first also fills the plugin metadata cache).
  await mcpListOnce(process.execPath, [AGENTIC, "mcp"], env);
  await mcpListOnce(process.execPath, [SDK_EXAMPLE], env);
  for (let i = 0; i < MCP_RUNS; i++) {
    const ours = await mcpListOnce(process.execPath, [AGENTIC, "mcp"], env);
    agentic.push(ours.ms);
    tools = ours.tools;
    sdk.push((await mcpListOnce(process.execPath, [SDK_EXAMPLE], env)).ms);
  }
  return { agenticMs: median(agentic), sdkExampleMs: median(sdk), runs: MCP_RUNS, tools };
}

async function benchPluginCounts(env: NodeJS.ProcessEnv): Promise<PluginCountRow[]> {
  const root = await mkdtemp(path.join(os.tmpdir(), "agentic-bench-plugins-"));
  const commands: (PluginCountRow & { args: string[]; env: NodeJS.ProcessEnv })[] = [];
  for (const ext of [".js", ".ts"] as const) {
    for (const count of [10, 1000]) {
      const dir = path.join(root, `${count}${ext.replace(".", "-")}`);
      await writePlugins(dir, count, ext);
      commands.push({
        key: `plugins-${count}${ext}`,
        label: `${count.toLocaleString("en-US")} ${ext} files`,
        ext,
        count,
        wallMs: 0,
        cpuMs: 0,
        rssMiB: 0,
        // Nothing cached: no plugin metadata (AGENTIC_PLUGIN_CACHE=0), and jiti keeps no
        // transpile cache on disk (the app's default), so every file is imported anew.
        args: [AGENTIC, "--plugins-dir", dir, "tools", "list"],
        env: { ...env, AGENTIC_PLUGIN_CACHE: "0" },
      });
    }
  }
  return interleaved(commands, PLUGIN_RUNS);
}

export async function benchStartup(): Promise<StartupSuite> {
  if (!existsSync("/usr/bin/time")) throw new Error("GNU time is needed: apt-get install time");
  // The built CLI, as `npm install` leaves it: bin/agentic.js would silently fall back to tsx
  // for a build older than the sources, and every row would measure that instead.
  if (!buildIfStale()) throw new Error("the build failed: the suite measures out/main/cli.js");
  const home = await mkdtemp(path.join(os.tmpdir(), "agentic-bench-startup-"));
  const env = { ...process.env, AGENTIC_HOME: home, AGENTIC_LLM_MODE: "direct" };
  const fromSource = { ...env, AGENTIC_FROM_SOURCE: "1" };
  const calc = ["invoke", "@math/calculator", "--params", '{"operation":"add","a":2,"b":3}'];
  // The plugins' metadata as any second run finds it (the first run of a machine fills it).
  measure([AGENTIC, "tools", "list"], env);
  const rows = interleaved(
    [
      { key: "node", label: "`node -e 0` (baseline)", args: ["-e", "0"], env },
      { key: "help", label: "`agentic --help`", args: [AGENTIC, "--help"], env },
      {
        key: "help-source",
        label: "`agentic --help`, from source (tsx)",
        args: [AGENTIC, "--help"],
        env: fromSource,
      },
      { key: "list", label: "`agentic tools list`", args: [AGENTIC, "tools", "list"], env },
      {
        key: "list-uncached",
        label: "`agentic tools list`, plugin metadata not cached",
        args: [AGENTIC, "tools", "list"],
        env: { ...env, AGENTIC_PLUGIN_CACHE: "0" },
      },
      { key: "invoke", label: "`agentic invoke @math/calculator`", args: [AGENTIC, ...calc], env },
    ],
    RUNS,
  ).map(({ key, label, wallMs, cpuMs, rssMiB }) => ({ key, label, wallMs, cpuMs, rssMiB }));
  const mcp = await benchMcp(env as Record<string, string>);
  const plugins = (await benchPluginCounts(env)).map(
    ({ key, label, ext, count, wallMs, cpuMs, rssMiB }) => ({
      key,
      label,
      ext,
      count,
      wallMs,
      cpuMs,
      rssMiB,
    }),
  );
  return { rows, runs: RUNS, mcp, plugins, pluginRuns: PLUGIN_RUNS };
}

export function startupRow(suite: StartupSuite, key: string): StartupRow | undefined {
  return suite.rows.find((r) => r.key === key);
}

export function pluginRow(
  suite: StartupSuite,
  ext: PluginExt,
  count: number,
): PluginCountRow | undefined {
  return suite.plugins.find((r) => r.ext === ext && r.count === count);
}

export function startupSection(suite: StartupSuite): string {
  const base = startupRow(suite, "node") as StartupRow;
  const perExt = (ext: PluginExt) => [pluginRow(suite, ext, 10), pluginRow(suite, ext, 1000)];
  return [
    "## Start-up of the `agentic` command (whole process)",
    "",
    table(
      ["Command", "wall (ms)", "÷ baseline wall", "CPU (ms)", "peak RSS (MiB)"],
      suite.rows.map((r) => [
        r.label,
        r.wallMs.toFixed(0),
        `${(r.wallMs / base.wallMs).toFixed(1)}×`,
        r.cpuMs.toFixed(0),
        r.rssMiB.toFixed(0),
      ]),
    ),
    "",
    `- Medians of ${suite.runs} runs each, the commands interleaved round by round; GNU time's figures (10 ms resolution) for the whole process, worker threads included. The workspace is this repository (its node_modules is scanned for \`agentic-plugin\` packages); the plugins are the app's examples (one of them wraps a LangChain tool).`,
    "- `tools list` lists the example plugins from the metadata of their last load (`$AGENTIC_HOME/cache/plugin-metadata.json`, filled by one run before the rounds, as any second run on a machine finds it): no plugin host starts and no plugin is imported. The row beneath it turns that off (`AGENTIC_PLUGIN_CACHE=0`): the plugin host starts and imports every plugin, LangChain included.",
    "",
    "### `agentic mcp`: spawn → `tools/list` answered (ms)",
    "",
    table(
      ["Server", "median", "÷ SDK example"],
      [
        [
          `\`agentic mcp\` (${suite.mcp.tools} tools)`,
          num(suite.mcp.agenticMs, 0),
          `${num(suite.mcp.agenticMs / suite.mcp.sdkExampleMs, 2)}×`,
        ],
        [
          "MCP SDK example stdio server (`examples/server/mcpServerOutputSchema.js`, 1 tool)",
          num(suite.mcp.sdkExampleMs, 0),
          "1.00×",
        ],
      ],
    ),
    "",
    `- ${suite.mcp.runs} runs each after one warm-up, interleaved. The bench process is the client (the MCP SDK's \`Client\` over \`StdioClientTransport\`); from before \`connect()\` (which spawns the server and runs \`initialize\`) to \`tools/list\` answered.`,
    "",
    "### `agentic tools list` with many plugin files, nothing cached (ms)",
    "",
    table(
      ["Plugin files", "wall", "CPU", "peak RSS (MiB)", "wall − 10 files"],
      (["js", "ts"] as const).flatMap((e) =>
        perExt(`.${e}` as PluginExt).flatMap((r) => {
          const ten = pluginRow(suite, `.${e}` as PluginExt, 10);
          return r
            ? [
                [
                  r.label,
                  num(r.wallMs, 0),
                  num(r.cpuMs, 0),
                  num(r.rssMiB, 0),
                  ten && r.count !== 10 ? num(r.wallMs - ten.wallMs, 0) : "—",
                ],
              ]
            : [];
        }),
      ),
    ),
    "",
    `- Medians of ${suite.pluginRuns} runs each, interleaved; \`agentic --plugins-dir <dir> tools list\` with \`AGENTIC_PLUGIN_CACHE=0\`, so the plugin host imports every file, besides the app's example plugins. Each file is one tool with its own schema, written with \`defineTool\` from "agentic-workbench" (bench/load-plugins.ts). \`.js\` files are imported by Node itself; \`.ts\` files through jiti with Sucrase; no transpile cache is kept on disk.`,
  ].join("\n");
}
