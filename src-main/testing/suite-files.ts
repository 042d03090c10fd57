/** Finding suite files (a file, or every .yaml/.yml/.json under a folder) and reading them. */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { parseSuite, type Suite, SuiteFileError } from "./suite-format.ts";

/** The folder `agentic test` reads when given no paths. */
export const DEFAULT_SUITE_DIR = "agentic-tests";

const SUITE_FILE = /\.(ya?ml|json)$/i;

/** A path that is neither a suite file nor a folder (a usage error, not a malformed suite). */
export class SuitePathError extends Error {
  readonly code = "NOT_FOUND";
  readonly hint: string;
  constructor(message: string, hint: string) {
    super(message);
    this.hint = hint;
  }
}

/** The suite files under `paths`, sorted within each folder so runs are reproducible. */
export async function findSuiteFiles(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths) {
    const info = await stat(p).catch(() => undefined);
    if (!info) {
      throw new SuitePathError(
        `no test suite file or folder at ${p}`,
        `create ${DEFAULT_SUITE_DIR}/<name>.yaml with a tool and cases, or pass a path`,
      );
    }
    if (info.isDirectory()) files.push(...(await walk(p)));
    else files.push(p);
  }
  return [...new Set(files)];
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  const out: string[] = [];
  for (const entry of entries) {
    // node_modules and dot-folders hold no suites of ours, and may be large.
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full)));
    else if (entry.isFile() && SUITE_FILE.test(entry.name)) out.push(full);
  }
  return out;
}

/** Reads every file; malformed ones are collected, never skipped silently. */
export async function loadSuites(
  files: string[],
): Promise<{ suites: Suite[]; errors: SuiteFileError[] }> {
  const suites: Suite[] = [];
  const errors: SuiteFileError[] = [];
  for (const file of files) {
    try {
      suites.push(parseSuite(file, await readFile(file, "utf8")));
    } catch (error) {
      if (error instanceof SuiteFileError) errors.push(error);
      else errors.push(new SuiteFileError(file, [`cannot be read: ${(error as Error).message}`]));
    }
  }
  return { suites, errors };
}
