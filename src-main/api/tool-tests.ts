/**
 * Where tool test suites meet the registry (testing/ imports core only): cases are invoked
 * through `registry.invoke` with origin `test`, so they are validated, traced and recorded in
 * history like any other call; definitions are snapshotted from the registry's metadata.
 */
import type { ToolRegistry } from "../core/registry.ts";
import { snapshotTools, type ToolsSnapshot } from "../testing/definition-snapshot.ts";
import type { Suite } from "../testing/suite-format.ts";
import { type RunOptions, type RunReport, runSuites } from "../testing/suite-runner.ts";

/** Runs `suites` against `registry`. */
export function runToolTests(
  registry: ToolRegistry,
  suites: Suite[],
  options: RunOptions = {},
): Promise<RunReport> {
  return runSuites(
    suites,
    {
      invoke: (name, params) => registry.invoke(name, params, { origin: "test" }),
      isDeterministic: (name) => registry.registration(name)?.metadata.deterministic,
    },
    options,
  );
}

/** The definitions of every registered tool. */
export function snapshotRegistry(registry: ToolRegistry): ToolsSnapshot {
  return snapshotTools(registry.listTools());
}

export type { DefinitionChange, DefinitionsDiff } from "../testing/definition-diff.ts";
// What hosts need of testing/, so they import the API layer only.
export { diffDefinitions } from "../testing/definition-diff.ts";
export type { ToolsSnapshot } from "../testing/definition-snapshot.ts";
export { parseSnapshot, SnapshotFileError } from "../testing/definition-snapshot.ts";
export { writeGoldens } from "../testing/golden-writer.ts";
export { junitXml } from "../testing/junit-report.ts";
export { formatSuite, formatSummary } from "../testing/report-text.ts";
export {
  DEFAULT_SUITE_DIR,
  findSuiteFiles,
  loadSuites,
  SuitePathError,
} from "../testing/suite-files.ts";
export type { RunReport, SuiteReport } from "../testing/suite-runner.ts";
