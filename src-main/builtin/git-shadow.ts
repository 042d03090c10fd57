/**
 * A stand-in git directory whose config is ours. The workspace's repository is untrusted: any
 * config git reads from it (its own `config`, `include`/`includeIf` files, `config.worktree`) can
 * name a program — a filter or diff driver, `core.fsmonitor`, a pager, hooks. Rather than switch
 * off the programs we know of (a deny-list that misses the next one), status and diff run
 * against a temporary git directory that points at the repository's objects, refs, index and
 * info files, with a config file we write: only an allow-list of data-only keys is copied over.
 */
import { execFile } from "node:child_process";
import { copyFile, lstat, mkdtemp, readdir, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { ToolError } from "../core/errors.ts";

const run = promisify(execFile);

/** A git directory of ours standing in for the repository's, and how to run git against it. */
export interface ShadowRepository {
  /** Environment that makes git use the stand-in directory and nothing else for config. */
  env: Record<string, string>;
  /** Removes the stand-in directory. */
  dispose(): Promise<void>;
}

/**
 * Keys copied from the repository's config: they hold data that changes what status and diff
 * report (line endings, case folding, upstream tracking), and none of them names a program.
 */
const COPIED_KEYS = [
  /^core\.(ignorecase|precomposeunicode|filemode|symlinks|autocrlf|eol|safecrlf|excludesfile|checkroundtripencoding)$/,
  /^branch\..+\.(remote|merge)$/,
  /^remote\..+\.fetch$/,
];

/** Repository format keys that must sit in the git directory's own config file. */
const FORMAT_KEYS = /^(core\.repositoryformatversion|extensions\.(objectformat|refstorage))$/;

/** Settings of ours, so nothing git would pick by default runs either. */
const HARDENING = [
  "[core]",
  "\tbare = false",
  "\tfsmonitor = false",
  "\thooksPath = /dev/null",
  "\tpager = cat",
  "\tuntrackedCache = false",
  "[color]",
  "\tui = false",
];

/** Variables git may see from the parent process: locale, paths and temp folders only. */
const KEPT_ENV =
  /^(PATH|HOME|USER|LANG|LANGUAGE|LC_[A-Z_]+|TZ|TMPDIR|TEMP|TMP|SYSTEMROOT|WINDIR|COMSPEC|PATHEXT)$/i;

/** The parent's environment, with every variable not on the list above dropped. */
function baseEnvironment(globalConfig: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && KEPT_ENV.test(key)) env[key] = value;
  }
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: globalConfig,
    GIT_ATTR_NOSYSTEM: "1",
    GIT_TERMINAL_PROMPT: "0",
    GIT_OPTIONAL_LOCKS: "0",
    // A partial clone would fetch missing objects over the network; read what is here only.
    GIT_NO_LAZY_FETCH: "1",
  };
}

/** Builds the stand-in for the repository containing `dir`; refuses a folder outside one. */
export async function shadowRepository(dir: string): Promise<ShadowRepository> {
  const shadow = await mkdtemp(path.join(os.tmpdir(), "agentic-git-"));
  const dispose = () => rm(shadow, { recursive: true, force: true });
  try {
    const globalConfig = path.join(shadow, "global.config");
    await writeFile(globalConfig, "");
    const env = baseEnvironment(globalConfig);
    const where = await locate(dir, env);
    const config = await readConfig(dir, env);
    await writeFile(path.join(shadow, "config"), shadowConfig(config));
    // HEAD is copied, not linked: git reads a symbolic-link HEAD as a legacy symref.
    await copyFile(path.join(where.gitDir, "HEAD"), path.join(shadow, "HEAD"));
    await linkIfPresent(path.join(where.commonDir, "refs"), path.join(shadow, "refs"), "dir");
    await linkIfPresent(
      path.join(where.commonDir, "reftable"),
      path.join(shadow, "reftable"),
      "dir",
    );
    await linkIfPresent(
      path.join(where.commonDir, "packed-refs"),
      path.join(shadow, "packed-refs"),
    );
    await linkIfPresent(path.join(where.commonDir, "info"), path.join(shadow, "info"), "dir");
    // A split index keeps its shared part beside the index, where git looks for it.
    for (const name of await readdir(where.gitDir)) {
      if (name.startsWith("sharedindex.")) {
        await linkIfPresent(path.join(where.gitDir, name), path.join(shadow, name));
      }
    }
    return {
      env: {
        ...env,
        GIT_DIR: shadow,
        GIT_WORK_TREE: where.workTree,
        GIT_INDEX_FILE: path.join(where.gitDir, "index"),
        GIT_OBJECT_DIRECTORY: path.join(where.commonDir, "objects"),
      },
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}

interface Location {
  gitDir: string;
  commonDir: string;
  workTree: string;
}

/** Where the repository's git directory and work tree are (rev-parse reads config, runs none). */
async function locate(dir: string, env: Record<string, string>): Promise<Location> {
  try {
    const { stdout } = await run(
      "git",
      ["rev-parse", "--path-format=absolute", "--git-dir", "--git-common-dir", "--show-toplevel"],
      { cwd: dir, env, maxBuffer: 1024 * 1024 },
    );
    const [gitDir, commonDir, workTree] = stdout.split("\n");
    if (!gitDir || !commonDir || !workTree) throw new Error(`unexpected output: ${stdout}`);
    return { gitDir, commonDir, workTree };
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? "");
    if (stderr === "" || /not a git repository/i.test(stderr)) {
      throw new ToolError(`the workspace folder ${dir} is not a git repository`, {
        hint: "run `git init` there, or choose a workspace inside a repository (--workspace DIR)",
      });
    }
    throw new ToolError(`git cannot use the repository at ${dir}: ${firstLine(stderr)}`, {
      hint: "run `git status` there to see what git reports",
    });
  }
}

/** The repository's effective config (includes followed: reading a file runs nothing). */
async function readConfig(dir: string, env: Record<string, string>): Promise<[string, string][]> {
  const { stdout } = await run("git", ["config", "--null", "--includes", "--list"], {
    cwd: dir,
    env,
    maxBuffer: 16 * 1024 * 1024,
  });
  const entries: [string, string][] = [];
  for (const record of stdout.split("\0")) {
    if (record === "") continue;
    const newline = record.indexOf("\n");
    const key = newline < 0 ? record : record.slice(0, newline);
    const value = newline < 0 ? "true" : record.slice(newline + 1);
    entries.push([key, value]);
  }
  return entries;
}

/** Our config file: hardening, the repository's format, and the allow-listed keys. */
export function shadowConfig(entries: [string, string][]): string {
  const lines = [...HARDENING];
  let version = "0";
  for (const [key, value] of entries) {
    const lower = key.toLowerCase();
    if (lower === "core.repositoryformatversion") version = value;
    else if (FORMAT_KEYS.test(lower) || COPIED_KEYS.some((pattern) => pattern.test(lower))) {
      lines.push(...configEntry(key, value));
    }
  }
  lines.push("[core]", `\trepositoryformatversion = ${quoteValue(version)}`);
  return `${lines.join("\n")}\n`;
}

/** One `key = value` in git's config file syntax, in its own section header. */
function configEntry(key: string, value: string): string[] {
  const first = key.indexOf(".");
  const last = key.lastIndexOf(".");
  const section = key.slice(0, first);
  const name = key.slice(last + 1);
  const header =
    first === last
      ? `[${section}]`
      : `[${section} "${key.slice(first + 1, last).replace(/[\\"]/g, (c) => `\\${c}`)}"]`;
  return [header, `\t${name} = ${quoteValue(value)}`];
}

function quoteValue(value: string): string {
  const escaped = value
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/\n/g, "\\n")
    .replace(/\t/g, "\\t");
  return `"${escaped}"`;
}

async function linkIfPresent(target: string, at: string, type?: "dir"): Promise<void> {
  try {
    await lstat(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  // A junction needs no privilege on Windows; elsewhere the type is ignored.
  await symlink(target, at, type === "dir" ? "junction" : "file");
}

function firstLine(text: string): string {
  return text.trim().split("\n")[0] ?? "";
}
