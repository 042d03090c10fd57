/**
 * `npm run bench`: runs every suite in this one process, prints each table as it completes and
 * writes BENCHMARKS.md at the repo root.
 *
 * `npm run bench -- --only ui` (or `invoke`, `load`, `isolation`, `llm`, `agent`, `startup`, `tracing`; repeatable) runs just those suites and prints
 * their tables; BENCHMARKS.md is only written when every suite ran.
 */
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type AgentSuite, agentSection, benchAgent } from "./agent.ts";
import { benchInvokeCalculator, type InvokeSuite } from "./invoke-calculator.ts";
import { benchIsolation, type IsolationSuite } from "./isolation.ts";
import { benchLlm, type LlmSuite, llmSection } from "./llm.ts";
import { benchLoadPlugins, type LoadRow } from "./load-plugins.ts";
import {
  invokeSection,
  isolationSection,
  loadSection,
  machineLines,
  renderMarkdown,
  targetsSection,
  uiSection,
} from "./report.ts";
import { benchStartup, type StartupSuite, startupSection } from "./startup.ts";
import { benchTracing, type TracingSuite, tracingSection } from "./tracing.ts";
import { benchUi, type UiSuite } from "./ui.ts";

const SUITES = ["invoke", "isolation", "llm", "agent", "load", "startup", "tracing", "ui"] as const;
type Suite = (typeof SUITES)[number];

const { values } = parseArgs({ options: { only: { type: "string", multiple: true } } });
const only = (values.only ?? []).flatMap((v) => v.split(","));
for (const name of only) {
  if (!(SUITES as readonly string[]).includes(name)) {
    console.error(`unknown suite ${JSON.stringify(name)}; --only takes ${SUITES.join(", ")}`);
    process.exit(2);
  }
}
const runs = (suite: Suite) => only.length === 0 || only.includes(suite);

const date = new Date();
console.log(machineLines(date).join("\n"));

// Invocation first, while the heap is still small: the loading suite leaves thousands of modules
// and compiled schemas behind for the GC to walk.
let invoke: InvokeSuite | undefined;
if (runs("invoke")) {
  console.log("\nbenchmarking invocation…");
  invoke = await benchInvokeCalculator();
  console.log(`\n${invokeSection(invoke)}\n`);
}

let isolation: IsolationSuite | undefined;
if (runs("isolation")) {
  console.log("benchmarking plugin isolation…");
  isolation = await benchIsolation();
  console.log(`\n${isolationSection(isolation)}\n`);
}

let llm: LlmSuite | undefined;
if (runs("llm")) {
  console.log("benchmarking the LLM proxy…");
  llm = await benchLlm();
  console.log(`\n${llmSection(llm)}\n`);
}

let agent: AgentSuite | undefined;
if (runs("agent")) {
  console.log("benchmarking the agent runner…");
  agent = await benchAgent();
  console.log(`\n${agentSection(agent)}\n`);
}

let tracing: TracingSuite | undefined;
if (runs("tracing")) {
  console.log("benchmarking tracing…");
  tracing = await benchTracing();
  console.log(`\n${tracingSection(tracing)}\n`);
}

let load: LoadRow[] | undefined;
if (runs("load")) {
  console.log("benchmarking plugin loading…");
  load = await benchLoadPlugins((row) =>
    console.log(
      `  ${row.count} ${row.ext}: cold ${row.coldMs.toFixed(1)} ms, warm ${row.warmMs.toFixed(1)} ms`,
    ),
  );
  console.log(`\n${loadSection(load)}\n`);
}

let startup: StartupSuite | undefined;
if (runs("startup")) {
  console.log("benchmarking start-up of the agentic command…");
  startup = await benchStartup();
  console.log(`\n${startupSection(startup)}\n`);
}

// The UI last: its hosts and Chromium are subprocesses, so this process's heap doesn't matter.
let ui: UiSuite | undefined;
if (runs("ui")) {
  console.log("benchmarking the web UI…");
  ui = await benchUi((line) => console.log(line));
  console.log(`\n${uiSection(ui)}\n`);
}

const results = { invoke, isolation, llm, agent, tracing, load, startup, ui, date };
console.log(`${targetsSection(results)}\n`);

if (invoke && isolation && llm && agent && tracing && load && startup && ui) {
  const out = fileURLToPath(new URL("../BENCHMARKS.md", import.meta.url));
  await writeFile(
    out,
    renderMarkdown({ invoke, isolation, llm, agent, tracing, load, startup, ui, date }),
  );
  console.log(`wrote ${out}`);
} else {
  console.log("BENCHMARKS.md left as it was: not every suite ran (--only).");
}
