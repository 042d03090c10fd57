/**
 * A run as JUnit XML, the format CI systems (GitHub Actions reporters, GitLab, Jenkins) read:
 * a `testsuite` per suite file, a `testcase` per case, a `failure` with the mismatches.
 */

import { formatMismatch } from "./report-text.ts";
import type { CaseReport, RunReport } from "./suite-runner.ts";

/** The report as a JUnit XML document. */
export function junitXml(report: RunReport): string {
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="agentic test" tests="${report.passed + report.failed + report.skipped}" failures="${report.failed}" skipped="${report.skipped}" time="${seconds(report.durationMs)}">`,
  ];
  for (const suite of report.suites) {
    const failures = suite.cases.filter((c) => c.status === "failed").length;
    const skipped = suite.cases.filter((c) => c.status === "skipped").length;
    lines.push(
      `  <testsuite name="${attr(suite.name)}" file="${attr(suite.file)}" tests="${suite.cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(suite.durationMs)}">`,
    );
    for (const c of suite.cases) lines.push(...testcase(suite.name, c, seconds));
    lines.push("  </testsuite>");
  }
  lines.push("</testsuites>", "");
  return lines.join("\n");
}

function testcase(suite: string, c: CaseReport, seconds: (ms: number) => string): string[] {
  const open = `    <testcase name="${attr(c.name)}" classname="${attr(suite)}" time="${seconds(c.durationMs)}"`;
  if (c.status === "passed") return [`${open}/>`];
  if (c.status === "skipped") return [`${open}>`, "      <skipped/>", "    </testcase>"];
  const message = c.mismatches.map((m) => `${m.field}: expected ${m.expected}, got ${m.got}`);
  const body = c.mismatches.flatMap((m) => formatMismatch(m)).join("\n");
  return [
    `${open}>`,
    `      <failure message="${attr(message.join("; "))}" type="${attr(c.mismatches[0]?.field ?? "failure")}">${text(body)}</failure>`,
    "    </testcase>",
  ];
}

// XML 1.0 cannot carry most control characters even escaped; they are dropped.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function text(value: string): string {
  return value
    .replace(INVALID_XML, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

function attr(value: string): string {
  return text(value).replace(/"/g, "&quot;").replace(/\n/g, "&#10;");
}
