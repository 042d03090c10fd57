/** Renders the suites' results as markdown: the machine, one table per suite, and the targets. */
import os from "node:os";
import type { InvokeSuite } from "./invoke-calculator.ts";
import type { LoadRow } from "./load-plugins.ts";

/** The targets from the issue. */
export const TARGETS = { registryOverheadUs: 3, ratio: 10, load1000Ms: 1000 };

export interface Results {
  invoke: InvokeSuite;
  load: LoadRow[];
  date: Date;
}

function num(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return String(value);
  return value.toFixed(Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : digits);
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

export function machineLines(date: Date): string[] {
  const cpus = os.cpus();
  const gib = os.totalmem() / 1024 ** 3;
  return [
    `- Machine: ${cpus[0]?.model.trim() ?? "unknown CPU"}, ${cpus.length} cores, ${gib.toFixed(1)} GiB RAM (${os.platform()} ${os.release()})`,
    `- Node: ${process.version}`,
    `- Date: ${date.toISOString()}`,
  ];
}

export function invokeSection(suite: InvokeSuite): string {
  const { rows, registryOverheadUs } = suite;
  const direct = rows.find((r) => r.key === "direct")?.medianUs ?? Number.NaN;
  const body = rows.map((r) => {
    const over = r.medianUs - direct;
    return [
      r.label,
      num(r.medianUs),
      num(r.p99Us),
      r.key === "direct" ? "—" : num(over),
      r.key === "direct" ? "—" : `${num(over / registryOverheadUs, 1)}×`,
      String(r.samples),
    ];
  });
  return [
    "## Invoking `@math/calculator` (µs per call)",
    "",
    table(["Path", "median", "p99", "median − (a)", "÷ registry overhead", "samples"], body),
    "",
    '- Parameters `{ operation: "multiply", a: 6, b: 7 }`; every path is checked to return 42 first.',
    `- Each row ran for ${suite.timeMs / 1000} s or ${suite.maxSamples.toLocaleString("en-US")} calls, whichever came first, after a warm-up; one sample is one call.`,
    "- LangChain and MCP call the same calculator instance, with an equivalent zod schema (`z.object({...}).strict()`); the MCP client and server share an in-memory transport.",
    "- src-main runs through tsx, whose esbuild transform keeps function names (`__name(...)` on every closure created per call); LangChain and the MCP SDK are prebuilt JavaScript and don't pay that.",
  ].join("\n");
}

export function loadSection(rows: LoadRow[]): string {
  const counts = [...new Set(rows.map((r) => r.count))];
  const cell = (ext: string, count: number, key: "coldMs" | "warmMs") => {
    const row = rows.find((r) => r.ext === ext && r.count === count);
    return row ? num(row[key], 1) : "—";
  };
  const body = counts.map((count) => [
    count.toLocaleString("en-US"),
    String(rows.find((r) => r.count === count)?.runs ?? ""),
    cell(".js", count, "coldMs"),
    cell(".js", count, "warmMs"),
    cell(".ts", count, "coldMs"),
    cell(".ts", count, "warmMs"),
  ]);
  return [
    "## Loading plugins: `new PluginLoader({ registry: new ToolRegistry(), pluginDirs: [dir] }).loadAll()` (ms, median of the runs)",
    "",
    table(["Plugin files", "runs", ".js cold", ".js warm", ".ts cold", ".ts warm"], body),
    "",
    "- Each file is one tool with its own name and its own schema (distinct property name and `minimum`), written with `defineTool` imported from `agentic-workbench`.",
    "- Cold: a fresh jiti transpile-cache folder per run, so every file is transpiled. Warm: the folder the last cold run filled.",
    "- Throw-away loads ran first so the rows don't pay for loading jiti and Ajv into the process.",
  ].join("\n");
}

function verdict(met: boolean, text: string): string {
  return `- ${met ? "**met**" : "**missed**"}: ${text}`;
}

export function targetsSection({ invoke, load }: Results): string {
  const lines = [
    verdict(
      invoke.registryOverheadUs <= TARGETS.registryOverheadUs,
      `registry overhead over the direct call ≤ ${TARGETS.registryOverheadUs} µs: median(b) − median(a) = ${num(invoke.registryOverheadUs)} µs`,
    ),
    verdict(
      invoke.langchainRatio >= TARGETS.ratio,
      `LangChain.js overhead ≥ ${TARGETS.ratio}× the registry's: ((c) − (a)) / ((b) − (a)) = ${num(invoke.langchainRatio, 1)}×`,
    ),
    verdict(
      invoke.mcpRatio >= TARGETS.ratio,
      `MCP SDK overhead ≥ ${TARGETS.ratio}× the registry's: ((d) − (a)) / ((b) − (a)) = ${num(invoke.mcpRatio, 1)}×`,
    ),
  ];
  for (const row of load.filter((r) => r.count === 1000)) {
    for (const [kind, ms] of [
      ["cold", row.coldMs],
      ["warm", row.warmMs],
    ] as const) {
      lines.push(
        verdict(
          ms < TARGETS.load1000Ms,
          `1,000 ${row.ext} plugins, ${kind} cache, in < ${TARGETS.load1000Ms} ms: ${num(ms, 1)} ms`,
        ),
      );
    }
  }
  return ["## Targets", "", ...lines].join("\n");
}

export function renderMarkdown(results: Results): string {
  return [
    "# Benchmarks",
    "",
    "Written by `npm run bench` (bench/run.ts); re-run it to refresh this file.",
    "",
    ...machineLines(results.date),
    "",
    "All rows of a table were measured side by side in one run (one process, one after another),",
    "so compare rows within a table; figures from another machine or run are not comparable.",
    "",
    invokeSection(results.invoke),
    "",
    loadSection(results.load),
    "",
    targetsSection(results),
    "",
  ].join("\n");
}
