/**
 * A simple-git client for the workspace's repository, run against a git directory of ours (see
 * git-shadow.ts): no config, attributes driver or environment variable from the repository or the
 * user's shell can make status or diff run a program, and prompts are off.
 */
import type { SimpleGit } from "simple-git";
import { ToolError } from "../core/errors.ts";
import { shadowRepository } from "./git-shadow.ts";

/**
 * Submodules are compared by the commit they point at only: looking inside one would run git in
 * it, with the submodule's own config (`.git/modules/<name>/config`), which is not ours.
 */
export const SUBMODULES = "--ignore-submodules=dirty";

/**
 * simple-git refuses GIT_CONFIG_GLOBAL in the environment (it cannot tell a config file that
 * switches programs off from one that switches them on); ours is an empty file, so it is let
 * through. Callers' values only ever reach git after `--`, never as options or config.
 */
const ALLOW_OUR_CONFIG_PATH = { allowUnsafeConfigPaths: true };

/**
 * Runs `use` with a git client for the repository containing `dir`, refusing a folder outside a
 * repository. Messages carry no tool name: the registry puts it in front of every error.
 */
export async function withRepository<T>(
  dir: string,
  use: (git: SimpleGit) => Promise<T>,
): Promise<T> {
  // simple-git is imported on the first git call, not by every start of the app.
  const { simpleGit } = await import("simple-git");
  const shadow = await shadowRepository(dir);
  try {
    const git = simpleGit({
      baseDir: dir,
      maxConcurrentProcesses: 4,
      unsafe: ALLOW_OUR_CONFIG_PATH,
    }).env(shadow.env);
    return await use(git);
  } finally {
    await shadow.dispose();
  }
}

/** Refuses values that git would read as options where a path or ref is expected. */
export function refuseOptionLike(field: string, value: string): void {
  if (value.startsWith("-")) {
    throw new ToolError(
      `${field} ${JSON.stringify(value)} refused: it starts with "-" and would be read as an option`,
      {
        details: { field: `/${field}` },
        hint: "prefix a path with ./ (e.g. ./-file)",
      },
    );
  }
  if (value.includes("\0")) {
    throw new ToolError(`${field} refused: it contains a NUL byte`, {
      details: { field: `/${field}` },
    });
  }
}
