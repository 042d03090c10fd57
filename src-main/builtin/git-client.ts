/**
 * A simple-git client for the workspace, hardened: repository config cannot make our status or
 * diff run programs (external diff, textconv, fsmonitor, pager, clean filters), and prompts are
 * off.
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

/**
 * simple-git refuses to run at all when any `-c` setting above is present (it cannot tell a
 * setting that switches a program off from one that switches it on), so ours are let through.
 * Callers' values only ever reach git after `--`, never as options or config.
 */
const ALLOW_OUR_SAFE_CONFIG = {
  allowUnsafeFsMonitor: true,
  allowUnsafePager: true,
  allowUnsafeDiffExternal: true,
  allowUnsafeHooksPath: true,
  allowUnsafeFilter: true,
};

/**
 * Environment variables that can make git run programs or read other config. simple-git refuses
 * to run when one is set (an ordinary EDITOR or PAGER in the user's shell would break every git
 * tool), and status and diff need none of them, so they are dropped.
 */
const DROPPED_ENV =
  /^(EDITOR|PAGER|PREFIX|SSH_ASKPASS|GIT_(ASKPASS|CONFIG|CONFIG_GLOBAL|CONFIG_SYSTEM|CONFIG_COUNT|CONFIG_KEY_\d+|CONFIG_VALUE_\d+|EDITOR|EXEC_PATH|EXTERNAL_DIFF|PAGER|PROXY_COMMAND|SEQUENCE_EDITOR|SSH|SSH_COMMAND|TEMPLATE_DIR))$/i;

function gitEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !DROPPED_ENV.test(key)) env[key] = value;
  }
  env.GIT_TERMINAL_PROMPT = "0";
  env.GIT_OPTIONAL_LOCKS = "0";
  return env;
}

/**
 * A git client rooted at `dir`, refusing a folder that is not in a repository. Messages carry no
 * tool name: the registry puts it in front of every error.
 */
export async function openRepository(dir: string): Promise<SimpleGit> {
  const git = client(dir, SAFE_CONFIG);
  if (!(await git.checkIsRepo())) {
    throw new ToolError(`the workspace folder ${dir} is not a git repository`, {
      hint: "run `git init` there, or choose a workspace inside a repository (--workspace DIR)",
    });
  }
  // A filter driver (filter.<name>.clean, chosen per file by .gitattributes) runs while status
  // and diff read the work tree, and no single setting turns them all off: each one configured
  // is switched off by name. Listing the config runs nothing.
  const drivers = new Set<string>();
  for (const key of Object.keys((await git.listConfig()).all)) {
    const match = /^filter\.(.+)\.(clean|smudge|process)$/i.exec(key);
    if (match?.[1] !== undefined) drivers.add(match[1]);
  }
  if (drivers.size === 0) return git;
  const off: string[] = [];
  for (const name of drivers) {
    if (name.includes("=")) {
      // `-c name=value` splits at the first "=": such a driver cannot be switched off.
      throw new ToolError(
        `the repository configures a filter named ${JSON.stringify(name)}, which cannot be disabled safely`,
        {
          hint: "rename or remove that filter in the repository's git config",
        },
      );
    }
    off.push(
      `filter.${name}.clean=`,
      `filter.${name}.smudge=`,
      `filter.${name}.process=`,
      `filter.${name}.required=false`,
    );
  }
  return client(dir, [...SAFE_CONFIG, ...off]);
}

function client(dir: string, config: string[]): SimpleGit {
  return simpleGit({
    baseDir: dir,
    config,
    maxConcurrentProcesses: 4,
    unsafe: ALLOW_OUR_SAFE_CONFIG,
  }).env(gitEnvironment());
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
