/** A run as text for a terminal: a line per case, its mismatches, a summary. */
import type { Mismatch } from "./expectations.ts";
import type { CaseReport, RunReport, SuiteReport } from "./suite-runner.ts";

/** `expected …, got …` plus the value diff, indented under the case. */
export function formatMismatch(m: Mismatch): string[] {
  return [
    `${m.field}: expected ${m.expected}`,
    `${" ".repeat(m.field.length)}       got ${m.got}`,
    ...(m.diff ?? []).map((line) => `  ${line}`),
  ];
}

const MARK = { passed: "✓", failed: "✗", skipped: "-" } as const;

/** A suite's lines: its file, then a line per case (and the failures under it). */
export function formatSuite(suite: SuiteReport, shownFile: string): string[] {
  const lines = [shownFile];
  for (const c of suite.cases) lines.push(...formatCase(c));
  return lines;
}

function formatCase(c: CaseReport): string[] {
  const ms = c.status === "skipped" ? "" : ` (${formatDuration(c.durationMs)})`;
  const note = c.recorded ? " — golden recorded" : "";
  const head = `  ${MARK[c.status]} ${c.name}${c.status === "skipped" ? " (skipped)" : ms}${note}`;
  return [head, ...c.mismatches.flatMap(formatMismatch).map((line) => `      ${line}`)];
}

/** `3 passed, 1 failed, 1 skipped (2 suites) in 120 ms`, plus goldens recorded. */
export function formatSummary(report: RunReport): string {
  const parts = [`${report.passed} passed`];
  if (report.failed > 0) parts.push(`${report.failed} failed`);
  if (report.skipped > 0) parts.push(`${report.skipped} skipped`);
  const suites = `${report.suites.length} suite${report.suites.length === 1 ? "" : "s"}`;
  const recorded =
    report.recorded > 0
      ? `; ${report.recorded} golden${report.recorded === 1 ? "" : "s"} recorded`
      : "";
  return `${parts.join(", ")} (${suites}) in ${formatDuration(report.durationMs)}${recorded}`;
}

function formatDuration(ms: number): string {
  return ms < 10 ? `${ms.toFixed(2)} ms` : `${Math.round(ms)} ms`;
}
