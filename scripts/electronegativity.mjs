// Electronegativity scan for CI: the built app (out/) and the Electron host's sources.
//
//   node scripts/electronegativity.mjs [INPUT...]   (default: out/ and src-main/hosts/electron)
//
// Prints every finding and the count by severity; exits 1 when a HIGH finding is not one of the
// reviewed false positives below (or a file could not be parsed, so was not checked), else 0.
// A SARIF report per input is written to $ELECTRONEGATIVITY_REPORT_DIR (default:
// $TMPDIR/agentic-electronegativity), for code-scanning upload.
//
// Why the programmatic API and not the `electronegativity` command: its CLI requires `commander`
// without declaring it, gets our commander 14 and dies ("version is not a function"); and its CSV
// writer races the header against the rows (two unawaited writeFile calls), so a CSV can lose
// its findings. run() returns the findings with their severity; we gate on those and read the
// SARIF back to check the report holds the same findings.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const SEVERITIES = ["HIGH", "MEDIUM", "LOW", "INFORMATIONAL"];

/**
 * Findings reviewed and judged false positives (or handled elsewhere). Matched by check and by
 * the flagged code, never by line number, so a new BrowserWindow elsewhere is still judged.
 */
const REVIEWED = [
  {
    id: "AUXCLICK_JS_CHECK",
    sample: /new BrowserWindow\(/,
    note: "handled: setWindowOpenHandler denies every new window (a middle-click included) and will-navigate is prevented",
  },
  {
    id: "OPEN_EXTERNAL_JS_CHECK",
    sample: /if \(isOpenableExternally\(url\)\)/,
    note: "only http(s) URLs reach openExternal (isOpenableExternally, tested)",
  },
];

function reviewOf(issue) {
  return REVIEWED.find((r) => r.id === issue.id && r.sample.test(issue.sample ?? ""));
}

function electronVersion() {
  // Our inputs hold no package.json, so the scanner would assume Electron 0.1.0 and judge every
  // default (nodeIntegration on, no context isolation) by that: tell it the version we ship.
  return JSON.parse(
    readFileSync(path.join(root, "node_modules", "electron", "package.json"), "utf8"),
  ).version;
}

function buildIfMissing() {
  if (existsSync(path.join(root, "out"))) return;
  console.log("out/ is missing: building it (electron-vite build)…");
  const bin = path.join(root, "node_modules", "electron-vite", "bin", "electron-vite.js");
  const result = spawnSync(process.execPath, [bin, "build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    console.error("electron-vite build failed: nothing to scan");
    process.exit(1);
  }
}

/** Waits for the SARIF report run() started writing (it does not await its own write). */
async function readSarif(file, expected) {
  const deadline = Date.now() + 5_000;
  for (;;) {
    try {
      const results = JSON.parse(readFileSync(file, "utf8")).runs[0].results;
      if (results.length === expected) return results;
    } catch {}
    if (Date.now() > deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function main() {
  const given = process.argv.slice(2);
  if (given.length === 0) buildIfMissing();
  const inputs = (given.length > 0 ? given : ["out", "src-main/hosts/electron"]).map((p) =>
    path.resolve(given.length > 0 ? process.cwd() : root, p),
  );
  for (const input of inputs) {
    if (!existsSync(input)) {
      console.error(`no such file or folder to scan: ${input}`);
      process.exit(2);
    }
  }
  const reportDir =
    process.env.ELECTRONEGATIVITY_REPORT_DIR ?? path.join(os.tmpdir(), "agentic-electronegativity");
  mkdirSync(reportDir, { recursive: true });
  const run = require("@doyensec/electronegativity");
  const version = electronVersion();

  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0]));
  let reviewedHigh = 0;
  let failing = 0;
  let unparsed = 0;
  let badReports = 0;
  for (const input of inputs) {
    const label = input.startsWith(root + path.sep) ? path.relative(root, input) : input;
    const report = path.join(
      reportDir,
      `${label.replace(/[^\w.-]+/g, "_").replace(/^[_.]+/, "")}.sarif`,
    );
    console.log(`\n── Electronegativity: ${label} (Electron ${version}) ──`);
    const result = await run({
      input,
      output: report,
      isSarif: true,
      isRelative: true,
      electronVersionOverride: version,
      // It only judges the Electron version found in a package.json (our inputs hold none) and
      // would fetch Electron's release list from GitHub for nothing.
      excludeFromScan: ["AvailableSecurityFixesGlobalCheck"],
    });
    const sarif = await readSarif(report, result.issues.length);
    if (!sarif) {
      console.error(`the report ${report} does not hold the ${result.issues.length} findings`);
      badReports++;
    }
    for (const error of result.errors) {
      console.log(
        `${error.tolerable ? "warning" : "ERROR"}: cannot parse ${error.file}: ${error.message}`,
      );
      if (!error.tolerable) unparsed++;
    }
    for (const issue of result.issues) {
      const severity = issue.severity.name;
      const review = reviewOf(issue);
      counts[severity]++;
      if (severity === "HIGH" && review) reviewedHigh++;
      else if (severity === "HIGH") failing++;
      const where = issue.file === "N/A" ? "(whole app)" : `${issue.file}:${issue.location.line}`;
      console.log(
        `${severity.padEnd(13)} ${issue.confidence.name.padEnd(9)} ${issue.id}  ${where}\n` +
          `    ${issue.description}${issue.manualReview ? " (manual review)" : ""}\n` +
          (issue.sample ? `    > ${String(issue.sample).trim().slice(0, 160)}\n` : "") +
          (review ? `    reviewed: ${review.note}\n` : "") +
          `    https://github.com/doyensec/electronegativity/wiki/${issue.id}`,
      );
    }
    if (result.issues.length === 0) console.log("no findings");
    console.log(`report: ${report}`);
  }

  const bySeverity = SEVERITIES.map((s) => `${s} ${counts[s]}`).join(", ");
  console.log(
    `\nfindings by severity: ${bySeverity} (HIGH reviewed as false positives: ${reviewedHigh})`,
  );
  if (unparsed > 0) console.log(`${unparsed} file(s) could not be parsed, so were not checked`);
  if (failing > 0 || unparsed > 0 || badReports > 0) {
    if (failing > 0)
      console.log(`FAILED: ${failing} HIGH finding(s) not reviewed as false positives`);
    if (unparsed > 0) console.log("FAILED: fix the parse errors above so those files are checked");
    if (badReports > 0) console.log("FAILED: a report file was not written");
    process.exit(1);
  }
  console.log("passed: no unreviewed HIGH finding");
}

main().catch((error) => {
  console.error(error?.stack ?? String(error));
  process.exit(1);
});
