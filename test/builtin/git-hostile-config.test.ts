/**
 * Hostile suite for issue 13 §1: no config git could read — the repository's own, an included
 * file, a submodule's `.git/modules/<name>/config`, a worktree's config — makes @git/status or
 * @git/diff run a program. Every program writes a marker; each case also shows, as a control,
 * that plain git does run it, so the assertions are not vacuous.
 */
import { execFileSync } from "node:child_process";
import { chmod, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/temp-dir.ts";
import { okValue, registryFor } from "./registry-for.ts";

interface StatusValue {
  branch: string | null;
  tracking: string | null;
  ahead: number;
  behind: number;
  clean: boolean;
  staged: { path: string; status: string }[];
  unstaged: { path: string; status: string }[];
  untracked: string[];
}
interface DiffValue {
  diff: string;
  files: { path: string }[];
}

const SAFE_ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" };

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: SAFE_ENV,
  });
}

/** The control: plain git, which may fail once a required filter misbehaves (it still ran). */
function plainGit(cwd: string, ...args: string[]): void {
  try {
    git(cwd, ...args);
  } catch {
    // The marker log is what the control checks.
  }
}

async function newRepo(prefix: string, ...init: string[]): Promise<string> {
  const dir = await tempDir(prefix);
  git(dir, "init", "-q", "-b", "main", ...init);
  git(dir, "config", "user.name", "Test User");
  git(dir, "config", "user.email", "test@example.com");
  git(dir, "config", "commit.gpgsign", "false");
  return dir;
}

/** A folder of marker scripts; each appends its name to ran.log and passes stdin through. */
async function markers(): Promise<{
  script(name: string): Promise<string>;
  ran(): Promise<string>;
}> {
  const dir = await tempDir("agentic-markers-");
  const log = path.join(dir, "ran.log");
  return {
    async script(name) {
      const file = path.join(dir, `${name}.sh`);
      await writeFile(file, `#!/bin/sh\necho ${name} >> '${log}'\ncat\n`);
      await chmod(file, 0o755);
      return file;
    },
    ran: () => readFile(log, "utf8").catch(() => ""),
  };
}

/** Every program-running key git's status and diff may read, each pointing at a marker. */
async function hostileConfig(m: Awaited<ReturnType<typeof markers>>, tag: string): Promise<string> {
  const s = (name: string) => m.script(`${tag}-${name}`);
  return [
    "[core]",
    `\tfsmonitor = ${await s("fsmonitor")}`,
    `\tpager = ${await s("pager")}`,
    `\thooksPath = ${path.dirname(await s("hook"))}`,
    "[diff]",
    `\texternal = ${await s("external-diff")}`,
    '[filter "evil"]',
    `\tclean = ${await s("clean")}`,
    `\tsmudge = ${await s("smudge")}`,
    `\tprocess = ${await s("process")}`,
    "\trequired = true",
    '[filter "a=b"]',
    `\tclean = ${await s("clean-odd-name")}`,
    '[diff "evil"]',
    `\ttextconv = ${await s("textconv")}`,
    `\tcommand = ${await s("diff-driver")}`,
    "",
  ].join("\n");
}

const ATTRIBUTES = "*.txt filter=evil diff=evil\n*.md filter=a=b\n";

/** A committed repository whose tracked files then change in place (same size: racy). */
async function repoWithChanges(prefix: string): Promise<string> {
  const repo = await newRepo(prefix);
  await writeFile(path.join(repo, ".gitattributes"), ATTRIBUTES);
  await writeFile(path.join(repo, "a.txt"), "a 1\n");
  await writeFile(path.join(repo, "n.md"), "n 1\n");
  git(repo, "add", "-A");
  git(repo, "commit", "-q", "-m", "initial");
  await writeFile(path.join(repo, "a.txt"), "a 2\n");
  await writeFile(path.join(repo, "n.md"), "n 2\n");
  return repo;
}

async function expectToolsWorkAndRunNothing(
  workspace: string,
  m: Awaited<ReturnType<typeof markers>>,
  changed: string[],
): Promise<void> {
  const registry = registryFor(workspace);
  const status = okValue<StatusValue>(await registry.invoke("@git/status", {}));
  expect(status.unstaged.map((f) => f.path).sort()).toEqual(changed);
  const diff = okValue<DiffValue>(await registry.invoke("@git/diff", {}));
  expect(diff.files.map((f) => f.path).sort()).toEqual(changed);
  expect(diff.diff).toContain("+a 2");
  expect(await m.ran()).toBe("");
}

describe("program-running config cannot run from any file git reads", () => {
  it("in .git/config itself (filter names with '=' included)", async () => {
    const m = await markers();
    const repo = await repoWithChanges("agentic-h-local-");
    await writeFile(path.join(repo, ".git", "config"), await hostileConfig(m, "local"), {
      flag: "a",
    });
    await expectToolsWorkAndRunNothing(repo, m, ["a.txt", "n.md"]);
    plainGit(repo, "status", "--porcelain");
    expect(await m.ran()).toContain("local-fsmonitor");
  });

  it("in include.path and includeIf files", async () => {
    const m = await markers();
    const repo = await repoWithChanges("agentic-h-include-");
    const plain = path.join(repo, ".git", "plain.inc");
    const conditional = path.join(repo, ".git", "conditional.inc");
    await writeFile(plain, await hostileConfig(m, "include"));
    await writeFile(conditional, await hostileConfig(m, "includeif"));
    git(repo, "config", "include.path", plain);
    git(repo, "config", "includeIf.onbranch:main.path", conditional);
    git(repo, "config", `includeIf.gitdir:${repo}/.path`, conditional);
    await expectToolsWorkAndRunNothing(repo, m, ["a.txt", "n.md"]);
    plainGit(repo, "status", "--porcelain");
    plainGit(repo, "diff");
    // The later includeIf file overrides the plain include's keys: that is what ran.
    expect(await m.ran()).toContain("includeif-fsmonitor");
  });

  it("in a submodule's own config (.git/modules/<name>/config), with its work tree dirty", async () => {
    const m = await markers();
    const sub = await repoWithChanges("agentic-h-subsrc-");
    git(sub, "checkout", "-q", "--", ".");
    const repo = await repoWithChanges("agentic-h-super-");
    git(repo, "-c", "protocol.file.allow=always", "submodule", "add", "-q", sub, "sm");
    git(repo, "commit", "-q", "-m", "submodule");
    const moduleConfig = path.join(repo, ".git", "modules", "sm", "config");
    await writeFile(moduleConfig, await hostileConfig(m, "submodule"), { flag: "a" });
    // Same size, new content: git must read (and filter) the file to know it changed.
    await writeFile(path.join(repo, "sm", "a.txt"), "a 3\n");
    await writeFile(path.join(repo, "sm", "new.txt"), "untracked in the submodule\n");
    await expectToolsWorkAndRunNothing(repo, m, ["a.txt", "n.md"]);
    plainGit(repo, "status", "--porcelain");
    expect(await m.ran()).toContain("submodule-");
  });

  it("a submodule moved to another commit is still reported, and nothing runs", async () => {
    const m = await markers();
    const sub = await repoWithChanges("agentic-h-subsrc-");
    git(sub, "checkout", "-q", "--", ".");
    const repo = await newRepo("agentic-h-super-");
    git(repo, "-c", "protocol.file.allow=always", "submodule", "add", "-q", sub, "sm");
    git(repo, "commit", "-q", "-m", "submodule");
    // Moved before the hostile config arrives, so the setup itself runs nothing.
    git(
      path.join(repo, "sm"),
      "-c",
      "user.name=T",
      "-c",
      "user.email=t@example.com",
      "commit",
      "-q",
      "--allow-empty",
      "-m",
      "moved",
    );
    const moduleConfig = path.join(repo, ".git", "modules", "sm", "config");
    await writeFile(moduleConfig, await hostileConfig(m, "submodule"), { flag: "a" });
    const registry = registryFor(repo);
    const status = okValue<StatusValue>(await registry.invoke("@git/status", {}));
    expect(status.unstaged).toEqual([{ path: "sm", status: "M" }]);
    const diff = okValue<DiffValue>(await registry.invoke("@git/diff", {}));
    expect(diff.diff).toContain("+Subproject commit");
    expect(await m.ran()).toBe("");
  });

  it("in a linked worktree's config.worktree", async () => {
    const m = await markers();
    const repo = await repoWithChanges("agentic-h-wt-");
    git(repo, "checkout", "-q", "--", ".");
    const worktree = path.join(await tempDir("agentic-h-wt2-"), "wt");
    git(repo, "worktree", "add", "-q", "-b", "side", worktree);
    git(repo, "config", "extensions.worktreeConfig", "true");
    await writeFile(
      path.join(repo, ".git", "worktrees", "wt", "config.worktree"),
      await hostileConfig(m, "worktree"),
    );
    await writeFile(path.join(worktree, "a.txt"), "a 2\n");
    await writeFile(path.join(worktree, "n.md"), "n 2\n");
    await expectToolsWorkAndRunNothing(worktree, m, ["a.txt", "n.md"]);
    const status = okValue<StatusValue>(await registryFor(worktree).invoke("@git/status", {}));
    expect(status.branch).toBe("side");
    plainGit(worktree, "status", "--porcelain");
    expect(await m.ran()).toContain("worktree-fsmonitor");
  });

  it("a .gitattributes planted with @file/write selects no driver", async () => {
    const m = await markers();
    const repo = await newRepo("agentic-h-plant-");
    await writeFile(path.join(repo, "a.txt"), "a 1\n");
    await writeFile(path.join(repo, "n.md"), "n 1\n");
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "initial");
    await writeFile(path.join(repo, ".git", "config"), await hostileConfig(m, "plant"), {
      flag: "a",
    });
    const registry = registryFor(repo);
    okValue(await registry.invoke("@file/write", { path: ".gitattributes", content: ATTRIBUTES }));
    okValue(
      await registry.invoke("@file/write", { path: "a.txt", content: "a 2\n", mode: "overwrite" }),
    );
    okValue(
      await registry.invoke("@file/write", { path: "n.md", content: "n 2\n", mode: "overwrite" }),
    );
    const status = okValue<StatusValue>(await registry.invoke("@git/status", {}));
    expect(status.untracked).toEqual([".gitattributes"]);
    okValue(await registry.invoke("@git/diff", {}));
    expect(await m.ran()).toBe("");
  });
});

describe("what the repository's config may still say", () => {
  it("upstream tracking (branch.*.remote/merge, remote.*.fetch) is reported", async () => {
    const repo = await repoWithChanges("agentic-h-track-");
    git(repo, "remote", "add", "origin", "https://example.invalid/repo.git");
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD");
    git(repo, "branch", "-q", "--set-upstream-to=origin/main");
    git(repo, "checkout", "-q", "--", ".");
    git(repo, "commit", "-q", "--allow-empty", "-m", "ahead");
    const status = okValue<StatusValue>(await registryFor(repo).invoke("@git/status", {}));
    expect(status).toMatchObject({ branch: "main", tracking: "origin/main", ahead: 1, behind: 0 });
  });

  it("a SHA-256 repository works", async () => {
    const repo = await newRepo("agentic-h-sha256-", "--object-format=sha256");
    await writeFile(path.join(repo, "a.txt"), "a 1\n");
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "initial");
    await writeFile(path.join(repo, "a.txt"), "a 2\n");
    const registry = registryFor(repo);
    expect(okValue<StatusValue>(await registry.invoke("@git/status", {})).unstaged).toEqual([
      { path: "a.txt", status: "M" },
    ]);
    expect(okValue<DiffValue>(await registry.invoke("@git/diff", {})).diff).toContain("+a 2");
  });
});
