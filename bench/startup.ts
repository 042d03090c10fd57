/**
 * Start-up of the `agentic` command as a user meets it: whole processes, side by side in one run,
 * against `node -e 0` (the floor any Node CLI pays). Wall time, CPU time (user + system) and peak
 * RSS come from GNU time (`/usr/bin/time -f`), so they cover the whole process tree, the plugin
 * host's worker thread included. The built CLI (out/main/cli.js) is compared with the same
 * command compiled from source by tsx (AGENTIC_FROM_SOURCE=1), which is how every start ran before.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { table } from "./markdown.ts";
import { median } from "./stats.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const AGENTIC = path.join(ROOT, "bin", "agentic.js");
const RUNS = 7;

/** One command's medians over RUNS runs. */
export interface StartupRow {
  label: string;
  wallMs: number;
  cpuMs: number;
  rssMiB: number;
}

export interface StartupSuite {
  rows: StartupRow[];
  runs: number;
}

function measure(
  args: string[],
  env: NodeJS.ProcessEnv,
): { wallMs: number; cpuMs: number; rssMiB: number } {
  const run = spawnSync("/usr/bin/time", ["-f", "TIME %e %U %S %M", process.execPath, ...args], {
    env,
    encoding: "utf8",
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

export async function benchStartup(): Promise<StartupSuite> {
  if (!existsSync("/usr/bin/time")) throw new Error("GNU time is needed: apt-get install time");
  if (!existsSync(path.join(ROOT, "out", "main", "cli.js"))) {
    throw new Error("build first (npm run build): the suite measures out/main/cli.js");
  }
  const home = await mkdtemp(path.join(os.tmpdir(), "agentic-bench-startup-"));
  const env = { ...process.env, AGENTIC_HOME: home, AGENTIC_LLM_MODE: "direct" };
  const fromSource = { ...env, AGENTIC_FROM_SOURCE: "1" };
  const calc = ["invoke", "@math/calculator", "--params", '{"operation":"add","a":2,"b":3}'];
  const commands: { label: string; args: string[]; env: NodeJS.ProcessEnv }[] = [
    { label: "`node -e 0` (baseline)", args: ["-e", "0"], env },
    { label: "`agentic --help`", args: [AGENTIC, "--help"], env },
    { label: "`agentic --help`, from source (tsx)", args: [AGENTIC, "--help"], env: fromSource },
    { label: "`agentic tools list`", args: [AGENTIC, "tools", "list"], env },
    {
      label: "`agentic tools list`, from source (tsx)",
      args: [AGENTIC, "tools", "list"],
      env: fromSource,
    },
    { label: "`agentic invoke @math/calculator`", args: [AGENTIC, ...calc], env },
  ];
  const samples = commands.map(() => [] as ReturnType<typeof measure>[]);
  // Interleaved rounds, so a busy moment on the machine hits every command alike.
  for (let round = 0; round < RUNS; round++) {
    for (const [i, command] of commands.entries()) {
      samples[i]?.push(measure(command.args, command.env));
    }
  }
  return {
    runs: RUNS,
    rows: commands.map((command, i) => {
      const s = samples[i] ?? [];
      return {
        label: command.label,
        wallMs: median(s.map((x) => x.wallMs)),
        cpuMs: median(s.map((x) => x.cpuMs)),
        rssMiB: median(s.map((x) => x.rssMiB)),
      };
    }),
  };
}

export function startupSection(suite: StartupSuite): string {
  const base = suite.rows[0] as StartupRow;
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
    `- Medians of ${suite.runs} runs each, the commands interleaved round by round; GNU time's figures (10 ms resolution) for the whole process, worker threads included.`,
    "- `tools list` and `invoke` load the example plugins in the plugin host (a worker thread that compiles its TypeScript with jiti); that, not our start-up, is most of their time.",
  ].join("\n");
}
