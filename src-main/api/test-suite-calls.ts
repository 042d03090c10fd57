/**
 * The Tests view's calls: list the workspace's suites, run all / one suite / one case through the
 * registry (origin `test`, as `agentic test` does), save a case into a suite file, and update
 * goldens. Every suite path from the caller is confined to agentic-tests/ (suite-folder.ts);
 * writes to suite files happen one at a time, so two saves cannot lose each other's case. A call
 * refused throws a CallError (dispatch answers its code and hint); saveTestCase answers a refusal.
 */
import path from "node:path";
import { appendCase } from "../testing/case-writer.ts";
import { applyGoldens } from "../testing/golden-writer.ts";
import { findSuiteFiles } from "../testing/suite-files.ts";
import { parseSuite, type Suite, SuiteFileError } from "../testing/suite-format.ts";
import type { RunReport } from "../testing/suite-runner.ts";
import { CallError } from "./call-error.ts";
import type {
  MalformedTestSuite,
  SaveTestCaseRequest,
  TestRunReport,
  TestRunRequest,
  TestSuites,
  WorkbenchCalls,
} from "./contract.ts";
import { oneAtATime } from "./one-at-a-time.ts";
import {
  checkSuitePath,
  readSuiteFile,
  realSuiteFolder,
  suiteFolder,
  writeSuiteFile,
} from "./suite-folder.ts";
import { runToolTests } from "./tool-tests.ts";
import type { Workbench } from "./workbench.ts";

type TestCalls = Pick<WorkbenchCalls, "testSuites" | "runTests" | "saveTestCase" | "updateGoldens">;

/** The test-suite calls over one workbench. */
export function createTestSuiteCalls(workbench: Workbench): TestCalls {
  const serially = oneAtATime();

  const load = async () => {
    const root = workbench.workspaceRoot;
    const real = await realSuiteFolder(root);
    const suites: (Suite & { path: string })[] = [];
    const malformed: MalformedTestSuite[] = [];
    if (real) {
      for (const file of await findSuiteFiles([real])) {
        const relative = path.relative(real, file).split(path.sep).join("/");
        try {
          const text = await readSuiteFile(root, relative);
          if (text === undefined) continue; // removed since the folder was listed
          suites.push({ ...parseSuite(relative, text), path: relative });
        } catch (error) {
          malformed.push(
            error instanceof SuiteFileError
              ? { path: relative, problems: error.problems, hint: error.hint }
              : {
                  path: relative,
                  problems: [`cannot be read: ${(error as Error).message}`],
                  hint: (error as { hint?: string }).hint ?? "check the file's permissions",
                },
          );
        }
      }
    }
    return { suites, malformed };
  };

  const listing = async (): Promise<TestSuites> => {
    const { suites, malformed } = await load();
    return {
      folder: suiteFolder(workbench.workspaceRoot),
      suites: suites.map((s) => ({
        path: s.path,
        name: s.name,
        cases: s.cases.map((c) => ({
          name: c.name,
          tool: c.tool,
          params: c.params,
          expect: c.expect,
          golden: c.expect === "golden" || c.expect.golden === true,
          skip: c.skip,
          serial: c.serial,
        })),
      })),
      malformed,
    };
  };

  const run = async (request: TestRunRequest, update: boolean): Promise<TestRunReport> => {
    const { suites, malformed } = await load();
    const chosen = select(suites, malformed, request ?? {}, update);
    const report = await runToolTests(workbench.registry, chosen, { update });
    if (update) {
      await serially(async () => {
        for (const suite of report.suites) {
          if (suite.goldens.length === 0) continue;
          const relative = suite.file;
          const text = await readSuiteFile(workbench.workspaceRoot, relative);
          if (text === undefined) continue;
          // Goldens land by position: if the file was edited meanwhile, they could land on
          // another case. Refuse instead.
          const now = parseSuite(relative, text).cases;
          const ran = chosen.find((c) => c.file === relative)?.cases ?? [];
          const moved = suite.goldens.some(
            (g) => now[g.index]?.name !== ran.find((c) => c.index === g.index)?.name,
          );
          if (moved) {
            throw new CallError(
              "CONFLICT",
              `agentic-tests/${relative} changed while its goldens were being recorded`,
              { hint: "run Update goldens again" },
            );
          }
          await writeSuiteFile(
            workbench.workspaceRoot,
            relative,
            applyGoldens(relative, text, suite.goldens),
          );
        }
      });
    }
    return outcome(report, request?.suite ? [] : malformed);
  };

  return {
    testSuites: () => listing(),
    runTests: (request) => run(request ?? {}, false),
    updateGoldens: (request) => run(request ?? {}, true),
    async saveTestCase(request) {
      try {
        const { relative, newCase } = checkSaveRequest(request);
        const created = await serially(async () => {
          const root = workbench.workspaceRoot;
          const text = await readSuiteFile(root, relative);
          // Named as the user sees it; a malformed file or a taken name is refused with why.
          const next = appendCase(`agentic-tests/${relative}`, text, newCase);
          await writeSuiteFile(root, relative, next);
          return text === undefined;
        });
        return { ok: true, path: relative, created, suites: await listing() };
      } catch (error) {
        const { message, hint } = error as Error & { hint?: string };
        return { ok: false, message, ...(hint ? { hint } : {}) };
      }
    },
  };
}

/** The suites (and cases) a request names; a name that matches nothing is an error. */
function select(
  suites: (Suite & { path: string })[],
  malformed: MalformedTestSuite[],
  request: TestRunRequest,
  goldenOnly: boolean,
): Suite[] {
  let chosen = suites;
  if (request.suite !== undefined) {
    const relative = checkSuitePath(request.suite);
    const bad = malformed.find((m) => m.path === relative);
    if (bad) {
      throw new CallError(
        "INVALID_TEST_SUITE",
        `agentic-tests/${relative} is malformed: ${bad.problems.join("; ")}`,
        { field: "suite", hint: bad.hint, details: { problems: bad.problems } },
      );
    }
    chosen = suites.filter((s) => s.path === relative);
    if (chosen.length === 0) {
      throw new CallError("NOT_FOUND", `no suite file agentic-tests/${relative}`, {
        field: "suite",
        hint: "the Tests view lists the suites there; refresh it if the file was renamed",
      });
    }
  }
  if (request.case !== undefined) {
    if (request.suite === undefined) {
      throw new CallError("VALIDATION_ERROR", "a case is named without its suite", {
        field: "case",
        hint: "pass suite (the file) with case",
      });
    }
    chosen = chosen.map((s) => ({ ...s, cases: s.cases.filter((c) => c.name === request.case) }));
    if (chosen.every((s) => s.cases.length === 0)) {
      throw new CallError(
        "NOT_FOUND",
        `agentic-tests/${request.suite} has no case named ${JSON.stringify(request.case)}`,
        { field: "case", hint: "refresh the Tests view: the file may have changed" },
      );
    }
  }
  if (goldenOnly) {
    chosen = chosen.map((s) => ({
      ...s,
      cases: s.cases.filter((c) => c.expect === "golden" || c.expect.golden === true),
    }));
  }
  // The runner reports by `file`: the relative path is what the caller knows.
  return chosen.map((s) => ({ ...s, file: s.path }));
}

function outcome(report: RunReport, malformed: MalformedTestSuite[]): TestRunReport {
  return {
    cases: report.suites.flatMap((suite) =>
      suite.cases.map((c) => ({
        suite: suite.file,
        name: c.name,
        tool: c.tool,
        status: c.status,
        durationMs: c.durationMs,
        cost: c.cost,
        ...(c.traceId ? { traceId: c.traceId } : {}),
        mismatches: c.mismatches,
        ...(c.recorded ? { recorded: true } : {}),
      })),
    ),
    passed: report.passed,
    failed: report.failed,
    skipped: report.skipped,
    recorded: report.recorded,
    durationMs: report.durationMs,
    malformed,
  };
}

/**
 * Checks the request's values before anything is read (their types were checked by `dispatch`);
 * errors name the field.
 */
function checkSaveRequest(request: SaveTestCaseRequest) {
  const relative = checkSuitePath(request.suite);
  const field = (name: string, problem: string) =>
    new CallError("VALIDATION_ERROR", `${name} ${problem}`, {
      field: name,
      hint: "fill in the Save as test case form's fields",
    });
  if (request.name.trim() === "") throw field("name", "is missing: give the case a name");
  if (request.tool === "") throw field("tool", "is missing");
  const { params, expect } = request;
  return { relative, newCase: { name: request.name.trim(), tool: request.tool, params, expect } };
}
