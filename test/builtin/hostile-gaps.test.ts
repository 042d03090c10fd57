/**
 * Hostile inputs the other suites did not reach (issue 7's list, checked against
 * workspace-confinement.test.ts and git.test.ts): a symlink swapped in between the check and the
 * use, made deterministic by a hook on `open`; a device file inside the workspace; a huge file;
 * git branch names full of shell metacharacters.
 */
import { execFileSync } from "node:child_process";
import { mkdir, readdir, readFile, rename, symlink, truncate, writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { ToolRegistry } from "../../src-main/core/registry.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { failureOf, okValue, registryFor } from "./registry-for.ts";

/** A hook run just before the real `open` of a path ending in `suffix`, once. */
const swap = vi.hoisted(() => ({
  before: undefined as { suffix: string; run: () => Promise<void> } | undefined,
}));
vi.mock("node:fs/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs/promises")>();
  const open: typeof actual.open = async (file, flags, mode) => {
    const hook = swap.before;
    if (hook && String(file).endsWith(hook.suffix)) {
      swap.before = undefined;
      await hook.run();
    }
    return actual.open(file, flags, mode);
  };
  return { ...actual, open, default: { ...actual, open } };
});

let W: string;
let O: string;
let registry: ToolRegistry;
const SECRET = "TOP SECRET";

beforeAll(async () => {
  W = await tempDir("agentic-hostile-ws-");
  O = await tempDir("agentic-hostile-out-");
  registry = registryFor(W);
  await writeFile(path.join(O, "secret.txt"), SECRET);
});

describe("a symbolic link swapped in between check and use", () => {
  it("@file/read: the file checked is replaced by a link out before it is opened → refused", async () => {
    await writeFile(path.join(W, "swap.txt"), "harmless");
    swap.before = {
      suffix: `${path.sep}swap.txt`,
      run: async () => {
        await rename(path.join(W, "swap.txt"), path.join(W, "swap-old.txt"));
        await symlink(path.join(O, "secret.txt"), path.join(W, "swap.txt"));
      },
    };
    const error = failureOf(await registry.invoke("@file/read", { path: "swap.txt" }));
    expect(error.message).toBe(
      '@file/read: path "swap.txt" refused: the file changed while it was being opened (a symbolic link swapped in?)',
    );
    expect(JSON.stringify(error)).not.toContain(SECRET);
  });

  it("@file/write: the checked folder is replaced by a link out before the temp file is made → refused, nothing written outside", async () => {
    await mkdir(path.join(W, "dir"));
    swap.before = {
      suffix: ".tmp",
      run: async () => {
        await rename(path.join(W, "dir"), path.join(W, "dir-old"));
        await symlink(O, path.join(W, "dir"));
      },
    };
    const error = failureOf(
      await registry.invoke("@file/write", { path: "dir/planted.txt", content: "pwned" }),
    );
    expect(error.code).toBe("TOOL_ERROR");
    expect(error.message).toBe(
      '@file/write: path "dir/planted.txt" refused: its folder changed while writing (a symbolic link swapped in?); nothing was written',
    );
    expect((await readdir(O)).sort()).toEqual(["secret.txt"]);
    expect(await readdir(path.join(W, "dir-old"))).toEqual([]);
  });

  it("@file/write overwrite: the same swap cannot replace a file outside", async () => {
    await mkdir(path.join(W, "dir2"));
    await writeFile(path.join(W, "dir2", "secret.txt"), "inside copy");
    swap.before = {
      suffix: ".tmp",
      run: async () => {
        await rename(path.join(W, "dir2"), path.join(W, "dir2-old"));
        await symlink(O, path.join(W, "dir2"));
      },
    };
    const error = failureOf(
      await registry.invoke("@file/write", {
        path: "dir2/secret.txt",
        content: "pwned",
        mode: "overwrite",
      }),
    );
    expect(error.message).toContain("its folder changed while writing");
    expect(await readFile(path.join(O, "secret.txt"), "utf8")).toBe(SECRET);
    expect((await readdir(O)).sort()).toEqual(["secret.txt"]);
  });
});

describe("special and huge files inside the workspace", () => {
  // Creating a device node needs CAP_MKNOD (root on most CI machines); skipped where refused.
  let device = false;
  beforeAll(() => {
    try {
      execFileSync("mknod", [path.join(W, "zero"), "c", "1", "5"], { stdio: "ignore" });
      device = true;
    } catch {
      device = false;
    }
  });

  it("a character device (/dev/zero's numbers) in the workspace: read refused, write refused", async (ctx) => {
    if (!device) ctx.skip();
    expect(failureOf(await registry.invoke("@file/read", { path: "zero" })).message).toBe(
      '@file/read: path "zero" refused: it is a device file, not a regular file',
    );
    const write = failureOf(
      await registry.invoke("@file/write", { path: "zero", content: "x", mode: "overwrite" }),
    );
    expect(write.message).toBe(
      '@file/write: path "zero" refused: it exists and is not a regular file',
    );
  });

  it("a 5 GiB (sparse) file is read bounded: the default 1 MiB, marked truncated", async () => {
    const huge = path.join(W, "huge.log");
    await writeFile(huge, "start\n");
    await truncate(huge, 5 * 1024 ** 3);
    const value = okValue<{ truncated: boolean; totalBytes: number; content: string }>(
      await registry.invoke("@file/read", { path: "huge.log", encoding: "utf16le" }),
    );
    expect(value.truncated).toBe(true);
    expect(value.totalBytes).toBe(5 * 1024 ** 3);
    expect(Buffer.byteLength(value.content, "utf16le")).toBeLessThanOrEqual(1024 * 1024);
    // As UTF-8 the NUL bytes of the sparse part make it binary: refused, not read whole.
    expect(failureOf(await registry.invoke("@file/read", { path: "huge.log" })).message).toMatch(
      /looks binary/,
    );
  });
});

describe("git: branch names with shell metacharacters", () => {
  // Shell syntax on purpose; `${IFS}` is written "$" + "{IFS}" so it reads as no template.
  const IFS = "$" + "{IFS}";
  it.each([
    `feat;touch${IFS}pwned-semi`,
    `x$(touch${IFS}pwned-subst)`,
    `y\`touch${IFS}pwned-tick\``,
    `z|touch${IFS}pwned-pipe&&echo`,
    "w>pwned-redirect",
  ])("%s is shown literally and runs nothing", async (branch) => {
    const repo = await tempDir("agentic-hostile-git-");
    const git = (...args: string[]) =>
      execFileSync("git", args, {
        cwd: repo,
        encoding: "utf8",
        env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1" },
      });
    git("init", "-q", "-b", branch);
    git("config", "user.name", "T");
    git("config", "user.email", "t@example.com");
    git("config", "commit.gpgsign", "false");
    await writeFile(path.join(repo, "a.txt"), "a\n");
    git("add", "a.txt");
    git("commit", "-q", "-m", "one");
    await writeFile(path.join(repo, "a.txt"), "b\n");
    const gitRegistry = registryFor(repo);
    const status = okValue<{ branch: string }>(await gitRegistry.invoke("@git/status", {}));
    expect(status.branch).toBe(branch);
    const diff = okValue<{ files: { path: string }[] }>(await gitRegistry.invoke("@git/diff", {}));
    expect(diff.files.map((f) => f.path)).toEqual(["a.txt"]);
    expect((await readdir(repo)).filter((f) => f.startsWith("pwned"))).toEqual([]);
    expect((await readdir(process.cwd())).filter((f) => f.startsWith("pwned"))).toEqual([]);
  });
});
