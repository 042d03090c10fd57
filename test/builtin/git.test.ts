/** @git/status and @git/diff on real repositories made in temp folders. */
import { execFileSync } from "node:child_process";
import { chmod, mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ToolRegistry } from "../../src-main/core/registry.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { failureOf, okValue, registryFor } from "./registry-for.ts";

interface StatusValue {
  branch: string | null;
  tracking: string | null;
  ahead: number;
  behind: number;
  detached: boolean;
  clean: boolean;
  staged: { path: string; status: string }[];
  unstaged: { path: string; status: string }[];
  untracked: string[];
  conflicted: string[];
}

interface DiffValue {
  staged: boolean;
  diff: string;
  bytes: number;
  truncated: boolean;
  files: { path: string; insertions: number; deletions: number; binary: boolean }[];
  insertions: number;
  deletions: number;
}

/** Runs git for the test's own setup (never through the tools under test). */
function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** A new repository with a local identity, checked not to sit inside another repository. */
async function newRepo(prefix = "agentic-git-"): Promise<string> {
  const dir = await tempDir(prefix);
  git(dir, "init", "-q", "-b", "main");
  git(dir, "config", "user.name", "Test User");
  git(dir, "config", "user.email", "test@example.com");
  git(dir, "config", "commit.gpgsign", "false");
  expect(git(dir, "rev-parse", "--show-toplevel").trim()).toBe(dir);
  return dir;
}

async function put(dir: string, relative: string, data: string | Buffer): Promise<void> {
  await mkdir(path.dirname(path.join(dir, relative)), { recursive: true });
  await writeFile(path.join(dir, relative), data);
}

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

/** File names a shell would run or split; git must see them as plain names. */
const SHELL_NAMES = ["$(touch pwned)", "; rm -rf keep", "`touch pwned2`", "a|b&c>d 'e\""];
/** Names git C-quotes in some of its output (a backslash, a tab, non-ASCII). */
const QUOTED_NAMES = ["back\\slash.txt", "tab\there.txt", "héllo wörld.txt", "日本.txt"];

describe("@git/status and @git/diff on a repository with changes", () => {
  let repo: string;
  let registry: ToolRegistry;
  const status = async () => okValue<StatusValue>(await registry.invoke("@git/status", {}));
  const diff = async (params: Record<string, unknown> = {}) =>
    okValue<DiffValue>(await registry.invoke("@git/diff", params));

  beforeAll(async () => {
    repo = await newRepo();
    registry = registryFor(repo);
    await put(repo, "tracked.txt", "line 1\nline 2\n");
    await put(repo, "both.txt", "both 1\n");
    await put(repo, "gone.txt", "soon deleted\n");
    await put(repo, "-dash.txt", "dash 1\n");
    await put(repo, "[ab].txt", "brackets 1\n");
    await put(repo, "a.txt", "a 1\n");
    await put(repo, "keep/kept.txt", "kept\n");
    await put(repo, "image.bin", Buffer.from([0, 1, 2, 3]));
    for (const name of [...SHELL_NAMES, ...QUOTED_NAMES]) await put(repo, name, "shell 1\n");
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "initial");

    await put(repo, "tracked.txt", "line 1\nline 2\nline 3 unstaged\n");
    await put(repo, "staged.txt", "brand new staged\n");
    await put(repo, "both.txt", "both 1\nboth 2 staged\n");
    git(repo, "add", "staged.txt", "both.txt");
    await put(repo, "both.txt", "both 1\nboth 2 staged\nboth 3 unstaged\n");
    execFileSync("rm", [path.join(repo, "gone.txt")]);
    await put(repo, "-dash.txt", "dash 1\ndash 2\n");
    await put(repo, "[ab].txt", "brackets 1\nbrackets 2\n");
    await put(repo, "a.txt", "a 1\na 2\n");
    await put(repo, "image.bin", Buffer.from([0, 1, 2, 3, 4]));
    for (const name of [...SHELL_NAMES, ...QUOTED_NAMES])
      await put(repo, name, "shell 1\nshell 2\n");
    await put(repo, "new.txt", "untracked\n");
    await put(repo, "dir/deeper/u.txt", "untracked in a folder\n");
  });

  it("shows the branch and that the tree is not clean", async () => {
    const value = await status();
    expect(value).toMatchObject({
      branch: "main",
      tracking: null,
      ahead: 0,
      behind: 0,
      detached: false,
      clean: false,
      conflicted: [],
    });
  });

  it("lists staged files with their index status", async () => {
    const { staged } = await status();
    expect(staged).toEqual(
      expect.arrayContaining([
        { path: "staged.txt", status: "A" },
        { path: "both.txt", status: "M" },
      ]),
    );
    expect(staged.map((f) => f.path)).not.toContain("tracked.txt");
  });

  it("lists unstaged changes, deletions included", async () => {
    const { unstaged } = await status();
    expect(unstaged).toEqual(
      expect.arrayContaining([
        { path: "tracked.txt", status: "M" },
        { path: "both.txt", status: "M" },
        { path: "gone.txt", status: "D" },
        { path: "-dash.txt", status: "M" },
      ]),
    );
    expect(unstaged.map((f) => f.path)).not.toContain("staged.txt");
  });

  it("lists untracked files one by one, inside untracked folders too", async () => {
    const { untracked } = await status();
    expect(untracked).toEqual(expect.arrayContaining(["new.txt", "dir/deeper/u.txt"]));
    expect(untracked).not.toContain("dir/");
  });

  it("shows file names with shell metacharacters literally", async () => {
    const paths = (await status()).unstaged.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(SHELL_NAMES));
  });

  it("shows names git would quote as they are on disk", async () => {
    const paths = (await status()).unstaged.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(QUOTED_NAMES));
    const value = await diff({ paths: QUOTED_NAMES });
    expect(value.files.map((f) => f.path).sort()).toEqual([...QUOTED_NAMES].sort());
  });

  it("diffs the work tree against the index by default", async () => {
    const value = await diff();
    expect(value.staged).toBe(false);
    expect(value.truncated).toBe(false);
    expect(value.bytes).toBe(Buffer.byteLength(value.diff));
    expect(value.diff).toContain("diff --git a/tracked.txt b/tracked.txt");
    expect(value.diff).toContain("+line 3 unstaged");
    expect(value.diff).toContain("+both 3 unstaged");
    expect(value.diff).toContain("-soon deleted");
    expect(value.diff).not.toContain("brand new staged");
    expect(value.diff).not.toContain("+both 2 staged");
    expect(value.files).toEqual(
      expect.arrayContaining([
        { path: "tracked.txt", insertions: 1, deletions: 0, binary: false },
        { path: "gone.txt", insertions: 0, deletions: 1, binary: false },
      ]),
    );
    expect(value.insertions).toBeGreaterThanOrEqual(6);
    expect(value.deletions).toBe(1);
  });

  it("marks a binary file's change as binary", async () => {
    const value = await diff({ paths: ["image.bin"] });
    expect(value.files).toEqual([expect.objectContaining({ path: "image.bin", binary: true })]);
    expect(value.diff).toContain("Binary files");
  });

  it("diffs the index against HEAD with staged: true", async () => {
    const value = await diff({ staged: true });
    expect(value.staged).toBe(true);
    expect(value.diff).toContain("+brand new staged");
    expect(value.diff).toContain("+both 2 staged");
    expect(value.diff).not.toContain("both 3 unstaged");
    expect(value.diff).not.toContain("line 3 unstaged");
    expect(value.files.map((f) => f.path).sort()).toEqual(["both.txt", "staged.txt"]);
  });

  it("limits the diff to the paths given", async () => {
    const value = await diff({ paths: ["tracked.txt"] });
    expect(value.files.map((f) => f.path)).toEqual(["tracked.txt"]);
    expect(value.diff).toContain("+line 3 unstaged");
    expect(value.diff).not.toContain("both.txt");
    const two = await diff({ paths: ["tracked.txt", "both.txt"] });
    expect(two.files.map((f) => f.path).sort()).toEqual(["both.txt", "tracked.txt"]);
  });

  it("limits the staged diff to the paths given", async () => {
    const value = await diff({ staged: true, paths: ["staged.txt"] });
    expect(value.files.map((f) => f.path)).toEqual(["staged.txt"]);
  });

  it("limits the diff to a folder", async () => {
    await put(repo, "keep/kept.txt", "kept\nchanged\n");
    try {
      const value = await diff({ paths: ["keep"] });
      expect(value.files.map((f) => f.path)).toEqual(["keep/kept.txt"]);
    } finally {
      git(repo, "checkout", "--", "keep/kept.txt");
    }
  });

  it("takes paths literally: no glob, no pathspec magic", async () => {
    const brackets = await diff({ paths: ["[ab].txt"] });
    expect(brackets.files.map((f) => f.path)).toEqual(["[ab].txt"]);
    const star = await diff({ paths: ["*.txt"] });
    expect(star).toMatchObject({ diff: "", files: [], truncated: false });
    const magic = await diff({ paths: [":(glob)*"] });
    expect(magic.files).toEqual([]);
  });

  it("accepts a path starting with - when written ./-name", async () => {
    const value = await diff({ paths: ["./-dash.txt"] });
    expect(value.files.map((f) => f.path)).toEqual(["-dash.txt"]);
    expect(value.diff).toContain("+dash 2");
  });

  it("truncates at maxBytes and says so, with the full size", async () => {
    const full = await diff();
    const value = await diff({ maxBytes: 40 });
    expect(value.truncated).toBe(true);
    expect(value.bytes).toBe(full.bytes);
    expect(Buffer.byteLength(value.diff)).toBeLessThanOrEqual(40);
    expect(full.diff.startsWith(value.diff)).toBe(true);
    expect(value.files).toEqual(full.files);
  });

  it("does not call a diff that fits truncated", async () => {
    const full = await diff();
    const value = await diff({ maxBytes: full.bytes });
    expect(value).toMatchObject({ truncated: false, diff: full.diff });
  });

  it.each([
    [["-p"], 0, "-p"],
    [["--output=pwned-output.txt"], 0, "--output=pwned-output.txt"],
    [["tracked.txt", "--cached"], 1, "--cached"],
    [["-"], 0, "-"],
  ])("refuses the option-like path %j", async (paths, index, bad) => {
    const error = failureOf(await registry.invoke("@git/diff", { paths }));
    expect(error.code).toBe("TOOL_ERROR");
    expect(error.message).toBe(
      `@git/diff: paths/${index} ${JSON.stringify(bad)} refused: it starts with "-" and would be read as an option`,
    );
    expect(error.details).toEqual({ field: `/paths/${index}` });
    expect(error.hint).toBe("prefix a path with ./ (e.g. ./-file)");
    expect(await exists(path.join(repo, "pwned-output.txt"))).toBe(false);
  });

  it.each([
    ["../outside.txt", "the path leads outside the workspace"],
    ["/etc/passwd", "the path leads outside the workspace"],
  ])("refuses the path %s outside the workspace", async (p, reason) => {
    const error = failureOf(await registry.invoke("@git/diff", { paths: [p] }));
    expect(error.code).toBe("TOOL_ERROR");
    expect(error.message).toBe(`@git/diff: paths/0 ${JSON.stringify(p)} refused: ${reason}`);
    expect(error.details).toMatchObject({ field: "/paths/0" });
  });

  it("names the field when a path has a name that is too long", async () => {
    const error = failureOf(
      await registry.invoke("@git/diff", { paths: ["tracked.txt", "n".repeat(256)] }),
    );
    expect(error.message).toMatch(
      /^@git\/diff: paths\/1 "n{40}…" refused: a name in the path is too long$/,
    );
    expect(error.details).toMatchObject({ field: "/paths/1" });
  });

  it("refuses a path with a NUL byte", async () => {
    const error = failureOf(await registry.invoke("@git/diff", { paths: ["a.txt\0-p"] }));
    expect(error.message).toBe("@git/diff: paths/0 refused: it contains a NUL byte");
  });

  it("treats shell metacharacters in paths literally and runs nothing", async () => {
    const value = await diff({ paths: SHELL_NAMES });
    expect(value.files.map((f) => f.path).sort()).toEqual([...SHELL_NAMES].sort());
    expect(value.diff).toContain("+shell 2");
    for (const dir of [repo, path.dirname(repo), process.cwd()]) {
      const names = await readdir(dir);
      expect(names).not.toContain("pwned");
      expect(names).not.toContain("pwned2");
    }
    expect(await readFile(path.join(repo, "keep", "kept.txt"), "utf8")).toBe("kept\n");
  });

  it.each([
    [{ paths: [] as string[], staged: "yes" }, "/staged", "type"],
    [{ paths: Array.from({ length: 101 }, (_, i) => `f${i}`) }, "/paths", "maxItems"],
    [{ paths: [""] }, "/paths/0", "minLength"],
    [{ maxBytes: 0 }, "/maxBytes", "minimum"],
    [{ path: "tracked.txt" }, "/path", "additionalProperties"],
  ])("refuses %j by validation", async (params, pointer, rule) => {
    const error = failureOf(await registry.invoke("@git/diff", params));
    expect(error.code).toBe("VALIDATION_ERROR");
    expect(error.details?.problems).toEqual([expect.objectContaining({ pointer, rule })]);
  });

  it("refuses parameters for @git/status, which takes none", async () => {
    const error = failureOf(await registry.invoke("@git/status", { verbose: true }));
    expect(error.code).toBe("VALIDATION_ERROR");
    expect(error.message).toBe(
      "@git/status: invalid parameters: verbose is not an allowed property",
    );
  });

  it("changed nothing in the repository", async () => {
    const porcelain = git(repo, "status", "--porcelain");
    expect(porcelain).toContain("A  staged.txt");
    expect(porcelain).toContain("MM both.txt");
    expect(porcelain).toContain(" D gone.txt");
  });
});

describe("@git/status and @git/diff on a clean repository", () => {
  let registry: ToolRegistry;

  beforeAll(async () => {
    const repo = await newRepo();
    registry = registryFor(repo);
    await put(repo, "readme.md", "# hi\n");
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "initial");
  });

  it("says clean, with nothing listed", async () => {
    expect(okValue(await registry.invoke("@git/status", {}))).toEqual({
      branch: "main",
      tracking: null,
      ahead: 0,
      behind: 0,
      detached: false,
      clean: true,
      staged: [],
      unstaged: [],
      untracked: [],
      conflicted: [],
    });
  });

  it("gives an empty diff", async () => {
    for (const staged of [false, true]) {
      expect(okValue(await registry.invoke("@git/diff", { staged }))).toEqual({
        staged,
        diff: "",
        bytes: 0,
        truncated: false,
        files: [],
        insertions: 0,
        deletions: 0,
      });
    }
  });
});

describe("@git/status and @git/diff on a repository without commits", () => {
  let registry: ToolRegistry;

  beforeAll(async () => {
    const repo = await newRepo();
    registry = registryFor(repo);
    await put(repo, "first.txt", "first\n");
    git(repo, "add", "first.txt");
    await put(repo, "loose.txt", "loose\n");
  });

  it("shows the added file as staged and the other as untracked", async () => {
    const value = okValue<StatusValue>(await registry.invoke("@git/status", {}));
    expect(value.staged).toEqual([{ path: "first.txt", status: "A" }]);
    expect(value.untracked).toEqual(["loose.txt"]);
    expect(value.clean).toBe(false);
  });

  it("diffs the staged file against the empty tree", async () => {
    const value = okValue<DiffValue>(await registry.invoke("@git/diff", { staged: true }));
    expect(value.diff).toContain("+first");
    expect(value.files.map((f) => f.path)).toEqual(["first.txt"]);
  });
});

describe("a workspace that is a folder inside a repository", () => {
  let registry: ToolRegistry;

  beforeAll(async () => {
    const repo = await newRepo();
    await put(repo, "top.txt", "top\n");
    await put(repo, "sub/in.txt", "in\n");
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "initial");
    await put(repo, "top.txt", "top\nchanged\n");
    await put(repo, "sub/in.txt", "in\nchanged\n");
    await put(repo, "sub/new.txt", "new\n");
    await put(repo, "other-new.txt", "new\n");
    registry = registryFor(path.join(repo, "sub"));
  });

  // git reports paths relative to the repository's root, not to the workspace.
  it("status lists only the workspace's files", async () => {
    const value = okValue<StatusValue>(await registry.invoke("@git/status", {}));
    expect(value.unstaged).toEqual([{ path: "sub/in.txt", status: "M" }]);
    expect(value.untracked).toEqual(["sub/new.txt"]);
  });

  it("diff covers only the workspace, and its paths are relative to the workspace", async () => {
    const all = okValue<DiffValue>(await registry.invoke("@git/diff", {}));
    expect(all.files.map((f) => f.path)).toEqual(["sub/in.txt"]);
    const one = okValue<DiffValue>(await registry.invoke("@git/diff", { paths: ["in.txt"] }));
    expect(one.files.map((f) => f.path)).toEqual(["sub/in.txt"]);
  });

  it("refuses a diff path that leads up to the rest of the repository", async () => {
    const error = failureOf(await registry.invoke("@git/diff", { paths: ["../top.txt"] }));
    expect(error.message).toBe(
      '@git/diff: paths/0 "../top.txt" refused: the path leads outside the workspace',
    );
  });
});

describe("a folder that is not a git repository", () => {
  let dir: string;
  let registry: ToolRegistry;

  beforeAll(async () => {
    dir = await tempDir("agentic-no-git-");
    await put(dir, "file.txt", "not versioned\n");
    // The premise: no repository above the temp folder either.
    expect(() => git(dir, "rev-parse", "--git-dir")).toThrow(/not a git repository/);
    registry = registryFor(dir);
  });

  it.each(["@git/status", "@git/diff"])("%s says it is not a git repository", async (name) => {
    const error = failureOf(await registry.invoke(name, {}));
    expect(error.code).toBe("TOOL_ERROR");
    expect(error.message).toBe(`${name}: the workspace folder ${dir} is not a git repository`);
    expect(error.hint).toContain("git init");
  });
});

describe("a hostile repository configuration runs nothing", () => {
  let repo: string;
  let markers: string;
  let registry: ToolRegistry;
  const ran = "ran.log";

  /** A script that records that `name` ran, then copies stdin to stdout (as a filter would). */
  async function script(name: string): Promise<string> {
    const file = path.join(markers, `${name}.sh`);
    await writeFile(file, `#!/bin/sh\necho ${name} >> '${path.join(markers, ran)}'\ncat\n`);
    await chmod(file, 0o755);
    return file;
  }

  const ranLog = () =>
    readFile(path.join(markers, ran), "utf8").then(
      (text) => text,
      () => "",
    );

  beforeAll(async () => {
    markers = await tempDir("agentic-markers-");
    repo = await newRepo("agentic-hostile-");
    registry = registryFor(repo);
    // Committed and staged before the hostile config exists, so our own git calls run nothing.
    await put(repo, ".gitattributes", "*.txt filter=evil diff=evil\n*.cfg filter=evil2\n");
    await put(repo, "e.cfg", "e 1\n");
    await put(repo, "a.txt", "a 1\n");
    await put(repo, "b.txt", "b 1\n");
    await put(repo, "d.md", "d 1\n");
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "initial");
    await put(repo, "b.txt", "b 1\nb 2 staged\n");
    git(repo, "add", "b.txt");

    git(repo, "config", "diff.external", await script("external-diff"));
    git(repo, "config", "core.fsmonitor", await script("fsmonitor"));
    git(repo, "config", "core.pager", await script("pager"));
    git(repo, "config", "filter.evil.clean", await script("clean-filter"));
    git(repo, "config", "filter.evil.smudge", await script("smudge-filter"));
    git(repo, "config", "filter.evil.required", "true");
    git(repo, "config", "filter.evil2.process", await script("process-filter"));
    git(repo, "config", "diff.evil.textconv", await script("textconv"));
    git(repo, "config", "diff.evil.command", await script("diff-driver"));
    const hook = path.join(repo, ".git", "hooks", "post-index-change");
    await writeFile(hook, `#!/bin/sh\necho hook >> '${path.join(markers, ran)}'\n`);
    await chmod(hook, 0o755);

    await put(repo, "a.txt", "a 1\na 2 unstaged\n");
    // No attributes: diff.external would be what handles it.
    await put(repo, "d.md", "d 1\nd 2 unstaged\n");
    await put(repo, "e.cfg", "e 1\ne 2 unstaged\n");
    await put(repo, "c.txt", "untracked\n");
  });

  it("status works and runs no fsmonitor, filter or hook", async () => {
    const value = okValue<StatusValue>(await registry.invoke("@git/status", {}));
    expect(value.unstaged).toEqual([
      { path: "a.txt", status: "M" },
      { path: "d.md", status: "M" },
      { path: "e.cfg", status: "M" },
    ]);
    expect(value.staged).toEqual([{ path: "b.txt", status: "M" }]);
    expect(value.untracked).toEqual(["c.txt"]);
    expect(await ranLog()).toBe("");
  });

  it("diff works and runs no external diff, textconv, filter or pager", async () => {
    const unstaged = okValue<DiffValue>(await registry.invoke("@git/diff", {}));
    expect(unstaged.diff).toContain("+a 2 unstaged");
    expect(unstaged.diff).toContain("+d 2 unstaged");
    expect(unstaged.diff).toContain("+e 2 unstaged");
    const staged = okValue<DiffValue>(await registry.invoke("@git/diff", { staged: true }));
    expect(staged.diff).toContain("+b 2 staged");
    const one = okValue<DiffValue>(await registry.invoke("@git/diff", { paths: ["a.txt"] }));
    expect(one.files.map((f) => f.path)).toEqual(["a.txt"]);
    expect(await ranLog()).toBe("");
  });

  it("ignores git variables and editors in the environment, and still works", async () => {
    const saved = { ...process.env };
    process.env.GIT_EXTERNAL_DIFF = await script("env-external-diff");
    process.env.GIT_PAGER = await script("env-pager");
    process.env.PAGER = await script("env-pager2");
    process.env.EDITOR = "vim";
    process.env.GIT_EDITOR = "vim";
    try {
      expect(okValue<DiffValue>(await registry.invoke("@git/diff", {})).diff).toContain("+a 2");
      expect(okValue<StatusValue>(await registry.invoke("@git/status", {})).clean).toBe(false);
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
    expect(await ranLog()).toBe("");
  });

  // The control: plain git does run them, so the checks above are not vacuous.
  it("is really hostile: plain git runs the scripts", async () => {
    git(repo, "status", "--porcelain");
    git(repo, "diff");
    git(repo, "diff", "--no-ext-diff");
    const log = await ranLog();
    const names = ["fsmonitor", "clean-filter", "process-filter", "hook", "external-diff"];
    for (const name of [...names, "diff-driver", "textconv"]) {
      expect(log).toContain(name);
    }
  });
});

describe("a filter driver whose name a -c option could not name", () => {
  it("runs nothing: the repository's config is never read by status or diff", async () => {
    const markers = await tempDir("agentic-markers-");
    const repo = await newRepo("agentic-hostile-");
    await put(repo, ".gitattributes", "* filter=a=b\n");
    await put(repo, "a.txt", "a 1\n");
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "initial");
    const script = path.join(markers, "clean.sh");
    await writeFile(script, `#!/bin/sh\necho clean >> '${path.join(markers, "ran.log")}'\ncat\n`);
    await chmod(script, 0o755);
    git(repo, "config", "filter.a=b.clean", script);
    await put(repo, "a.txt", "a 2\n");
    const registry = registryFor(repo);
    const status = okValue<StatusValue>(await registry.invoke("@git/status", {}));
    expect(status.unstaged).toEqual([{ path: "a.txt", status: "M" }]);
    expect(okValue<DiffValue>(await registry.invoke("@git/diff", {})).diff).toContain("+a 2");
    expect(await exists(path.join(markers, "ran.log"))).toBe(false);
    // The control: plain git does run it.
    git(repo, "diff");
    expect(await exists(path.join(markers, "ran.log"))).toBe(true);
  });
});
