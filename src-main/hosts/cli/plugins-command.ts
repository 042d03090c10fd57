/** `agentic plugins list`: the plugin load report, over the Workbench API. */
import type { WorkbenchCalls } from "../../api/contract.ts";
import { printJson, table } from "./output.ts";

export async function listPlugins(api: WorkbenchCalls, options: { json?: boolean }): Promise<void> {
  const report = await api.pluginReport();
  if (options.json) {
    printJson(report);
    return;
  }
  const rows = report.plugins.map((p) => [
    p.status === "loaded" ? "ok" : p.error?.reason === "UNTRUSTED" ? "UNTRUSTED" : "FAILED",
    p.name + (p.version ? `@${p.version}` : ""),
    p.kind,
    p.status === "loaded" ? p.tools.join(", ") : `${p.error?.reason}: ${p.error?.message}`,
  ]);
  process.stdout.write(`${table(["STATUS", "PLUGIN", "KIND", "TOOLS / REASON"], rows)}\n`);
  const failed = report.plugins.filter((p) => p.status === "failed");
  for (const p of failed) {
    process.stdout.write(`  ${p.id}\n    hint: ${p.error?.hint}\n`);
    // MCP servers: why it failed is usually on its stderr; and when it is tried again.
    const tail = p.stderrTail?.trim().split("\n").slice(-5);
    if (tail?.length) process.stdout.write(`    stderr: ${tail.join("\n            ")}\n`);
    if (p.restart) process.stdout.write(`    restart #${p.restart.attempt} at ${p.restart.at}\n`);
  }
  const dirs = report.pluginDirs.map((d) => `${d.path}${d.exists ? "" : " (missing)"}`).join(", ");
  process.stdout.write(
    `${report.plugins.length - failed.length} loaded, ${failed.length} failed; searched ${dirs}\n`,
  );
}
