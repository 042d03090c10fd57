/**
 * `agentic test [PATH...] [--tool NAME] [--grep TEXT] [--junit FILE] [--json] [--update]`: runs
 * the workspace's tool test suites (default `agentic-tests/`). Exit 0 when every case passes,
 * 1 when any fails, 2 for bad usage or a malformed suite file.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import {
  DEFAULT_SUITE_DIR,
  findSuiteFiles,
  formatSuite,
  formatSummary,
  junitXml,
  loadSuites,
  runToolTests,
  SuitePathError,
  writeGoldens,
} from "../../api/tool-tests.ts";
import type { Workbench } from "../../api/workbench.ts";
import { EXIT, printError, printJson, UsageError } from "./output.ts";

/** The options commander hands over. */
export interface TestOptions {
  tool?: string;
  grep?: string;
  junit?: string;
  json?: boolean;
  update?: boolean;
  concurrency?: string;
}

/** Runs the suites under `paths` and prints a line per case and a summary. */
export async function runTests(
  workbench: Workbench,
  paths: string[],
  options: TestOptions,
): Promise<number> {
  const concurrency = options.concurrency === undefined ? 4 : Number(options.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new UsageError(`--concurrency must be a whole number ≥ 1, not ${options.concurrency}`);
  }
  const roots =
    paths.length > 0
      ? paths.map((p) => path.resolve(p))
      : [path.join(workbench.workspaceRoot, DEFAULT_SUITE_DIR)];
  let files: string[];
  try {
    files = await findSuiteFiles(roots);
  } catch (error) {
    if (error instanceof SuitePathError) throw new UsageError(error.message, error.hint);
    throw error;
  }
  if (files.length === 0) {
    throw new UsageError(
      `no suite files (.yaml, .yml, .json) under ${roots.map(shown).join(", ")}`,
      `add one, e.g. ${DEFAULT_SUITE_DIR}/calculator.yaml (see the README's "Tool test suites")`,
    );
  }
  const { suites, errors } = await loadSuites(files);
  if (errors.length > 0) {
    for (const error of errors) {
      for (const problem of error.problems) {
        printError(`${error.code}: ${shown(error.file)}: ${problem}`, error.hint);
      }
    }
    return EXIT.usage;
  }

  const report = await runToolTests(workbench.registry, suites, {
    ...(options.tool ? { tool: options.tool } : {}),
    ...(options.grep ? { grep: options.grep } : {}),
    update: options.update === true,
    concurrency,
    ...(options.json
      ? {}
      : {
          onSuite: (suite) =>
            process.stdout.write(`${formatSuite(suite, shown(suite.file)).join("\n")}\n`),
        }),
  });
  if (report.suites.length === 0) {
    throw new UsageError(
      "no case matches --tool/--grep",
      "check the names with `agentic tools list`, or drop the filter",
    );
  }
  if (options.update) {
    for (const suite of report.suites) await writeGoldens(suite.file, suite.goldens);
  }
  if (options.junit) await writeFile(path.resolve(options.junit), junitXml(report));
  if (options.json) printJson(report);
  else process.stdout.write(`${formatSummary(report)}\n`);
  return report.failed > 0 ? EXIT.toolFailed : EXIT.ok;
}

/** A path as the user would type it: relative to the current folder when inside it. */
function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : file;
}
