/**
 * Runs suites through an invoker port (the registry, handed in by api/: testing/ imports core
 * only). Cases of a suite run concurrently up to a bound, then the `serial` ones one at a time.
 * Golden cases run twice: a tool that answers the same parameters differently cannot have a
 * golden, and one declared deterministic is reported as breaking that promise.
 */
import type { InvocationResult } from "../core/result.ts";
import { checkResult, type Mismatch } from "./expectations.ts";
import type { RecordedGolden } from "./golden-writer.ts";
import type { Expectation, Suite, TestCase } from "./suite-format.ts";
import { literalMatcherText } from "./text-matcher.ts";
import { deepEqual, diffValues } from "./value-diff.ts";

/** How the runner reaches tools. */
export interface TestInvoker {
  invoke(name: string, params: Record<string, unknown>): Promise<InvocationResult>;
  /** The tool's `deterministic` flag; undefined for an unknown tool. */
  isDeterministic(name: string): boolean | undefined;
}

/** Which cases to run and how. */
export interface RunOptions {
  /** Only cases calling this tool. */
  tool?: string;
  /** Only cases whose suite or case name contains this text (case-insensitive). */
  grep?: string;
  /** Record the results of golden cases as their expectations. */
  update?: boolean;
  /** Cases running at once within a suite (default 4). */
  concurrency?: number;
  /** Called as each suite finishes. */
  onSuite?: (report: SuiteReport) => void;
}

/** One case's outcome. */
export interface CaseReport {
  name: string;
  tool: string;
  status: "passed" | "failed" | "skipped";
  durationMs: number;
  /** USD the (first) invocation cost; 0 for a skipped case. */
  cost: number;
  /** The first invocation's trace, to open it beside the failure. */
  traceId?: string;
  mismatches: Mismatch[];
  /** Set when --update recorded this case's golden. */
  recorded?: Expectation;
}

/** One suite's outcome. */
export interface SuiteReport {
  file: string;
  name: string;
  cases: CaseReport[];
  durationMs: number;
  /** Goldens recorded by --update, to write back. */
  goldens: RecordedGolden[];
}

/** The whole run. */
export interface RunReport {
  suites: SuiteReport[];
  passed: number;
  failed: number;
  skipped: number;
  recorded: number;
  durationMs: number;
}

/** Runs `suites` (filtered by `options`) and reports every case. */
export async function runSuites(
  suites: Suite[],
  invoker: TestInvoker,
  options: RunOptions = {},
): Promise<RunReport> {
  const started = performance.now();
  const reports: SuiteReport[] = [];
  for (const suite of suites) {
    const cases = suite.cases.filter((c) => selected(suite, c, options));
    if (cases.length === 0) continue;
    const report = await runSuite(suite, cases, invoker, options);
    reports.push(report);
    options.onSuite?.(report);
  }
  const all = reports.flatMap((r) => r.cases);
  return {
    suites: reports,
    passed: all.filter((c) => c.status === "passed").length,
    failed: all.filter((c) => c.status === "failed").length,
    skipped: all.filter((c) => c.status === "skipped").length,
    recorded: reports.reduce((n, r) => n + r.goldens.length, 0),
    durationMs: performance.now() - started,
  };
}

function selected(suite: Suite, c: TestCase, options: RunOptions): boolean {
  if (options.tool && c.tool !== options.tool) return false;
  if (options.grep) {
    const needle = options.grep.toLowerCase();
    return c.name.toLowerCase().includes(needle) || suite.name.toLowerCase().includes(needle);
  }
  return true;
}

async function runSuite(
  suite: Suite,
  cases: TestCase[],
  invoker: TestInvoker,
  options: RunOptions,
): Promise<SuiteReport> {
  const started = performance.now();
  const results = new Map<TestCase, CaseReport>();
  const run = async (c: TestCase) => {
    // registry.invoke reports failures as results; a throw here is a bug elsewhere, and it
    // must fail this case, not end the whole run without a report.
    const report = await runCase(c, invoker, options.update === true).catch(
      (error: unknown): CaseReport => ({
        name: c.name,
        tool: c.tool,
        status: "failed",
        durationMs: 0,
        cost: 0,
        mismatches: [
          {
            field: "ok",
            expected: "a result",
            got: `an exception: ${(error as Error)?.message ?? String(error)}`,
          },
        ],
      }),
    );
    results.set(c, report);
  };
  await pool(
    cases.filter((c) => !c.serial),
    Math.max(1, options.concurrency ?? 4),
    run,
  );
  for (const c of cases.filter((c) => c.serial)) await run(c);
  const ordered = cases.map((c) => results.get(c) as CaseReport);
  const goldens = cases.flatMap((c, i) => {
    const recorded = ordered[i]?.recorded;
    return recorded ? [{ index: c.index, expect: recorded }] : [];
  });
  return {
    file: suite.file,
    name: suite.name,
    cases: ordered,
    durationMs: performance.now() - started,
    goldens,
  };
}

async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

async function runCase(c: TestCase, invoker: TestInvoker, update: boolean): Promise<CaseReport> {
  const base = { name: c.name, tool: c.tool };
  if (c.skip) return { ...base, status: "skipped", durationMs: 0, cost: 0, mismatches: [] };
  const golden = c.expect === "golden" || c.expect.golden === true;
  const first = await invoker.invoke(c.tool, c.params);
  const done = (mismatches: Mismatch[], recorded?: Expectation): CaseReport => ({
    ...base,
    status: mismatches.length === 0 ? "passed" : "failed",
    durationMs: first.durationMs,
    cost: first.cost,
    ...(first.traceId ? { traceId: first.traceId } : {}),
    mismatches,
    ...(recorded ? { recorded } : {}),
  });
  if (!golden) return done(checkResult(c.expect as Expectation, first));

  const second = await invoker.invoke(c.tool, c.params);
  const a = outcome(first);
  const b = outcome(second);
  if (!deepEqual(a, b)) {
    const declared = invoker.isDeterministic(c.tool) === true;
    return done([
      {
        field: "golden",
        expected: declared
          ? `the same result twice: ${c.tool} is declared deterministic, and breaks that promise`
          : `the same result twice (a golden needs a stable result; ${c.tool} is not declared deterministic)`,
        got: "two different results for the same parameters",
        diff: diffValues(a, b),
      },
    ]);
  }
  if (update) {
    const kept = typeof c.expect === "object" ? withoutOutcome(c.expect) : {};
    const recorded = { golden: true, ...kept, ...a };
    // Bounds kept from the old expectation (duration, cost) must still hold.
    return done(checkResult(recorded, first), recorded);
  }
  if (c.expect === "golden") {
    return done([
      {
        field: "golden",
        expected: "a recorded golden result",
        got: "none yet (run `agentic test --update` to record it)",
      },
    ]);
  }
  return done(checkResult(c.expect, first));
}

/** What a golden records: the value, or the error's code and message. */
function outcome(result: InvocationResult): Expectation {
  return result.ok
    ? { ok: true, value: result.value }
    : { ok: false, code: result.error.code, message: literalMatcherText(result.error.message) };
}

function withoutOutcome(expect: Expectation): Expectation {
  const { ok: _ok, value: _value, code: _code, message: _message, golden: _g, ...rest } = expect;
  return rest;
}
