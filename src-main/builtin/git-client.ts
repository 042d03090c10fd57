/**
 * A simple-git client for the workspace, hardened: repository config cannot make our status or
 * diff run programs (external diff, textconv, fsmonitor, pager), and prompts are off.
 */
import { type SimpleGit, simpleGit } from "simple-git";
import { ToolError } from "../core/errors.ts";

const SAFE_CONFIG = [
  "core.fsmonitor=false",
  "core.pager=cat",
  "diff.external=",
  "core.hooksPath=/dev/null",
  "color.ui=false",
];

/** A git client rooted at `dir`, refusing a folder that is not in a repository. */
export async function openRepository(dir: string, tool: string): Promise<SimpleGit> {
  const git = simpleGit({ baseDir: dir, config: SAFE_CONFIG, maxConcurrentProcesses: 4 }).env({
    ...process.env,
    GIT_TERMINAL_PROMPT: "0",
    GIT_OPTIONAL_LOCKS: "0",
    GIT_EXTERNAL_DIFF: "",
  });
  if (!(await git.checkIsRepo())) {
    throw new ToolError(`${tool}: the workspace folder ${dir} is not a git repository`, {
      hint: "run `git init` there, or choose a workspace inside a repository (--workspace DIR)",
    });
  }
  return git;
}

/** Refuses values that git would read as options where a path or ref is expected. */
export function refuseOptionLike(field: string, value: string, tool: string): void {
  if (value.startsWith("-")) {
    throw new ToolError(
      `${tool}: ${field} ${JSON.stringify(value)} refused: it starts with "-" and would be read as an option`,
      {
        details: { field: `/${field}` },
        hint: "prefix a path with ./ (e.g. ./-file)",
      },
    );
  }
  if (value.includes("\0")) {
    throw new ToolError(`${tool}: ${field} refused: it contains a NUL byte`, {
      details: { field: `/${field}` },
    });
  }
}
