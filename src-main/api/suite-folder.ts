/**
 * The workspace's `agentic-tests/` folder as the UI may touch it. The workspace is untrusted (a
 * model drives the file tools), and suite paths arrive from the renderer: a path is a relative
 * `.yaml`/`.yml`/`.json` name below the folder, with no `..`, no absolute or drive path and no
 * hidden part; reads and writes go through the real folder, held open (builtin/held-folder.ts),
 * so neither a symbolic link planted in the workspace nor one swapped in mid-write sends them
 * outside `agentic-tests/`. Writes are atomic: a temp file beside the suite, fsynced, renamed.
 */
import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { lstat, open, realpath, rename, rm } from "node:fs/promises";
import path from "node:path";
import { type HeldFolder, holdFolder } from "../builtin/held-folder.ts";
import { isInside, resolveInWorkspace } from "../builtin/workspace-path.ts";
import { DEFAULT_SUITE_DIR } from "../testing/suite-files.ts";
import { CallError } from "./call-error.ts";

const SUITE_NAME = /\.(ya?ml|json)$/i;
const MAX_SUITE_BYTES = 1024 * 1024;

/** A suite path the UI gave that is refused, with why; the catalogue's hint says what would do. */
export class SuitePathRefused extends CallError {
  constructor(requested: string, reason: string) {
    super("INVALID_SUITE_PATH", `suite file ${JSON.stringify(requested)} refused: ${reason}`);
    this.name = "SuitePathRefused";
  }
}

/** `requested` as a checked path relative to agentic-tests/, with `/` separators. */
export function checkSuitePath(requested: unknown): string {
  if (typeof requested !== "string" || requested.trim() === "") {
    throw new SuitePathRefused(String(requested ?? ""), "no file name given");
  }
  const shown = requested.length > 200 ? `${requested.slice(0, 200)}…` : requested;
  if (requested.length > 1024) throw new SuitePathRefused(shown, "the name is too long");
  if ([...requested].some((ch) => ch.charCodeAt(0) < 0x20)) {
    throw new SuitePathRefused(shown, "the name holds control characters");
  }
  if (
    path.isAbsolute(requested) ||
    path.win32.isAbsolute(requested) ||
    /^[a-z]:/i.test(requested)
  ) {
    throw new SuitePathRefused(
      shown,
      `an absolute path; give one relative to ${DEFAULT_SUITE_DIR}/`,
    );
  }
  const parts = requested.split(/[\\/]+/);
  if (parts.some((p) => p === ".." || p === ".")) {
    throw new SuitePathRefused(
      shown,
      `"." and ".." are not allowed; stay inside ${DEFAULT_SUITE_DIR}/`,
    );
  }
  if (parts.some((p) => p === "" || p.startsWith(".") || p === "node_modules")) {
    throw new SuitePathRefused(shown, "empty, hidden or node_modules parts are not read as suites");
  }
  if (!SUITE_NAME.test(requested)) {
    throw new SuitePathRefused(shown, "a suite file ends in .yaml, .yml or .json");
  }
  return parts.join("/");
}

/** The folder's absolute path (it may not exist yet). */
export function suiteFolder(workspaceRoot: string): string {
  return path.join(workspaceRoot, DEFAULT_SUITE_DIR);
}

/**
 * The folder's real path when it exists and really is inside the workspace; undefined when it
 * does not exist. A link leading out of the workspace is refused rather than followed.
 */
export async function realSuiteFolder(workspaceRoot: string): Promise<string | undefined> {
  const dir = suiteFolder(workspaceRoot);
  const real = await realpath(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (real === undefined) return undefined;
  if (!isInside(await realpath(workspaceRoot), real) || !(await lstat(real)).isDirectory()) {
    throw new SuitePathRefused(
      DEFAULT_SUITE_DIR,
      "it is a symbolic link leading outside the workspace (or not a folder)",
    );
  }
  return real;
}

/** Reads a suite file (`relative` checked), or undefined when it does not exist. */
export async function readSuiteFile(
  workspaceRoot: string,
  relative: string,
): Promise<string | undefined> {
  const folder = await holdSuiteFolder(workspaceRoot, relative, false).catch((error: unknown) => {
    // No folder yet means no file yet; any other refusal stands.
    if ((error as { missing?: boolean }).missing) return undefined;
    throw error;
  });
  if (!folder) return undefined;
  try {
    const entry = folder.entry(path.posix.basename(relative));
    const info = await lstat(entry).catch(() => undefined);
    if (!info) return undefined;
    if (!info.isFile()) {
      throw new SuitePathRefused(relative, "it is a symbolic link or not a regular file");
    }
    if (info.size > MAX_SUITE_BYTES) {
      throw new SuitePathRefused(relative, `it is larger than ${MAX_SUITE_BYTES} bytes`);
    }
    return await readRegular(entry, relative);
  } finally {
    await folder.close();
  }
}

/** Replaces (or creates) a suite file with `text`, atomically, keeping an existing file's mode. */
export async function writeSuiteFile(
  workspaceRoot: string,
  relative: string,
  text: string,
): Promise<void> {
  const folder = await holdSuiteFolder(workspaceRoot, relative, true);
  try {
    const name = path.posix.basename(relative);
    const final = folder.entry(name);
    const existing = await lstat(final).catch(() => undefined);
    if (existing && !existing.isFile()) {
      throw new SuitePathRefused(relative, "it is a symbolic link or not a regular file");
    }
    const temp = folder.entry(`.${name}.${randomBytes(6).toString("hex")}.tmp`);
    // "wx" never follows or reuses a name planted in advance.
    const handle = await open(temp, "wx", 0o644);
    try {
      try {
        if (existing) await handle.chmod(existing.mode & 0o777);
        await handle.writeFile(text, "utf8");
        await handle.sync();
      } finally {
        await handle.close();
      }
      // Between the checks and now the folder may have been renamed or swapped for a link.
      await folder.verify();
      await rename(temp, final);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    await folder.sync();
  } finally {
    await folder.close();
  }
}

/** The suite's folder held open, checked to be the real agentic-tests/ or below it. */
async function holdSuiteFolder(
  workspaceRoot: string,
  relative: string,
  create: boolean,
): Promise<HeldFolder> {
  const requested = `${DEFAULT_SUITE_DIR}/${relative}`;
  let target: Awaited<ReturnType<typeof resolveInWorkspace>>;
  let folder: HeldFolder;
  try {
    target = await resolveInWorkspace(workspaceRoot, requested, "suite");
    folder = await holdFolder(workspaceRoot, target, create);
  } catch (error) {
    const reason = (error as Error).message.replace(/^suite "[^"]*" refused: /, "");
    const refusal = new SuitePathRefused(relative, reason);
    if (/does not exist/.test(reason)) Object.assign(refusal, { missing: true });
    throw refusal;
  }
  const realRoot = await realpath(workspaceRoot);
  if (!isInside(path.join(realRoot, DEFAULT_SUITE_DIR), folder.real)) {
    await folder.close();
    throw new SuitePathRefused(
      relative,
      `a symbolic link in the path leads outside ${DEFAULT_SUITE_DIR}/`,
    );
  }
  return folder;
}

async function readRegular(entry: string, relative: string): Promise<string> {
  // O_NOFOLLOW: a link swapped in after the lstat above is refused, not read through;
  // O_NONBLOCK: a FIFO swapped in cannot hang the read.
  const flags = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
  const handle = await open(entry, flags).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ELOOP") {
      throw new SuitePathRefused(relative, "it is a symbolic link");
    }
    throw error;
  });
  try {
    if (!(await handle.stat()).isFile()) {
      throw new SuitePathRefused(relative, "it is not a regular file");
    }
    return await handle.readFile("utf8");
  } finally {
    await handle.close();
  }
}
