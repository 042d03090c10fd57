/**
 * `npm run bench`: runs every suite in this one process, prints each table as it completes and
 * writes BENCHMARKS.md at the repo root.
 */
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { benchInvokeCalculator } from "./invoke-calculator.ts";
import { benchLoadPlugins } from "./load-plugins.ts";
import {
  invokeSection,
  loadSection,
  machineLines,
  renderMarkdown,
  targetsSection,
} from "./report.ts";

const date = new Date();
console.log(machineLines(date).join("\n"));

// Invocation first, while the heap is still small: the loading suite leaves thousands of modules
// and compiled schemas behind for the GC to walk.
console.log("\nbenchmarking invocation…");
const invoke = await benchInvokeCalculator();
console.log(`\n${invokeSection(invoke)}\n`);

console.log("benchmarking plugin loading…");
const load = await benchLoadPlugins((row) =>
  console.log(
    `  ${row.count} ${row.ext}: cold ${row.coldMs.toFixed(1)} ms, warm ${row.warmMs.toFixed(1)} ms`,
  ),
);
console.log(`\n${loadSection(load)}\n`);

const results = { invoke, load, date };
console.log(`${targetsSection(results)}\n`);

const out = fileURLToPath(new URL("../BENCHMARKS.md", import.meta.url));
await writeFile(out, renderMarkdown(results));
console.log(`wrote ${out}`);
