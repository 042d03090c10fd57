import type { FileHandle } from "node:fs/promises";
import { chmod, lstat, mkdir, readFile, stat, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { ToolRegistry } from "../../src-main/core/registry.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { entriesUnder, failureOf, okValue, registryFor } from "./registry-for.ts";

/**
 * Fault injection, used by two tests only: a hook run when the tool opens its temp file, to fail
 * the write (a full disk) or to create the target meanwhile (another writer winning a race).
 * Every other call goes to the real file system.
 */
const faults = vi.hoisted(() => ({
  onTempOpen: undefined as ((handle: FileHandle) => Promise<void> | void) | undefined,
}));
vi.mock("node:fs/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs/promises")>();
  const open: typeof actual.open = async (file, flags, mode) => {
    const handle = await actual.open(file, flags, mode);
    const hook = faults.onTempOpen;
    if (hook && String(file).endsWith(".tmp")) {
      faults.onTempOpen = undefined;
      await hook(handle);
    }
    return handle;
  };
  return { ...actual, open, default: { ...actual, open } };
});

interface WriteValue {
  path: string;
  mode: string;
  bytesWritten: number;
  size: number;
  created: boolean;
}

let root: string;
let registry: ToolRegistry;

const write = (params: Record<string, unknown>) => registry.invoke("@file/write", params);
const writeValue = async (params: Record<string, unknown>) =>
  okValue<WriteValue>(await write(params));
const inRoot = (relative: string) => path.join(root, relative);
const contentOf = (relative: string) => readFile(inRoot(relative), "utf8");

/** Every temp file the tool may have left anywhere in the workspace. */
async function leftoverTempFiles(): Promise<string[]> {
  const entries = await entriesUnder(root);
  return entries.filter((entry) => /\.tmp$/.test(entry));
}

beforeAll(async () => {
  root = await tempDir();
  registry = registryFor(root);
});

describe("@file/write: create (the default mode)", () => {
  it("creates a new file and says so", async () => {
    const value = await writeValue({ path: "new.txt", content: "hello ✓" });
    expect(value).toEqual({
      path: "new.txt",
      mode: "create",
      bytesWritten: Buffer.byteLength("hello ✓"),
      size: Buffer.byteLength("hello ✓"),
      created: true,
    });
    expect(await contentOf("new.txt")).toBe("hello ✓");
    expect(await leftoverTempFiles()).toEqual([]);
  });

  it("creates an empty file", async () => {
    expect(await writeValue({ path: "empty.txt", content: "" })).toMatchObject({ size: 0 });
    expect((await stat(inRoot("empty.txt"))).size).toBe(0);
  });

  it("refuses an existing file and leaves it untouched", async () => {
    await writeFile(inRoot("exists.txt"), "original");
    const before = await stat(inRoot("exists.txt"));
    const error = failureOf(await write({ path: "exists.txt", content: "replacement" }));
    expect(error.code).toBe("TOOL_ERROR");
    expect(error.message).toBe("@file/write: exists.txt already exists; nothing was written");
    expect(error.details).toEqual({ field: "/path", path: "exists.txt" });
    expect(error.hint).toContain('mode "overwrite"');
    const after = await stat(inRoot("exists.txt"));
    expect(await contentOf("exists.txt")).toBe("original");
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(await leftoverTempFiles()).toEqual([]);
  });

  it("lets exactly one of many concurrent creations win, whole", async () => {
    const contents = Array.from({ length: 8 }, (_, i) => `writer ${i} `.repeat(1000));
    const results = await Promise.all(
      contents.map((content) => write({ path: "contended.txt", content })),
    );
    const winners = results.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    for (const loser of results.filter((r) => !r.ok)) {
      expect(failureOf(loser).message).toMatch(/already exists|appeared while writing/);
    }
    expect(contents).toContain(await contentOf("contended.txt"));
    expect(await leftoverTempFiles()).toEqual([]);
  });

  it("does not clobber a file that appears while it writes", async () => {
    faults.onTempOpen = () => writeFile(inRoot("raced.txt"), "the other writer");
    const error = failureOf(await write({ path: "raced.txt", content: "mine" }));
    expect(error.code).toBe("TOOL_ERROR");
    expect(error.message).toBe(
      "@file/write: raced.txt appeared while writing; nothing was written",
    );
    expect(await contentOf("raced.txt")).toBe("the other writer");
    expect(await leftoverTempFiles()).toEqual([]);
  });
});

describe("@file/write: overwrite and append", () => {
  it("overwrite replaces an existing file", async () => {
    await writeFile(inRoot("replace-me.txt"), "old content that is longer");
    const value = await writeValue({ path: "replace-me.txt", content: "new", mode: "overwrite" });
    expect(value).toEqual({
      path: "replace-me.txt",
      mode: "overwrite",
      bytesWritten: 3,
      size: 3,
      created: false,
    });
    expect(await contentOf("replace-me.txt")).toBe("new");
    expect(await leftoverTempFiles()).toEqual([]);
  });

  it("overwrite creates a missing file", async () => {
    const value = await writeValue({ path: "fresh.txt", content: "x", mode: "overwrite" });
    expect(value.created).toBe(true);
    expect(await contentOf("fresh.txt")).toBe("x");
  });

  it("append adds to the end of an existing file", async () => {
    await writeFile(inRoot("log.txt"), "first\n");
    const value = await writeValue({ path: "log.txt", content: "second\n", mode: "append" });
    expect(value).toEqual({
      path: "log.txt",
      mode: "append",
      bytesWritten: 7,
      size: 13,
      created: false,
    });
    await writeValue({ path: "log.txt", content: "third\n", mode: "append" });
    expect(await contentOf("log.txt")).toBe("first\nsecond\nthird\n");
    expect(await leftoverTempFiles()).toEqual([]);
  });

  it("append creates a missing file", async () => {
    const value = await writeValue({ path: "new-log.txt", content: "only\n", mode: "append" });
    expect(value).toMatchObject({ created: true, size: 5 });
    expect(await contentOf("new-log.txt")).toBe("only\n");
  });

  // 664, 666 and 777 have bits the usual umask (022) removes.
  it.each([
    ["overwrite", "600"],
    ["overwrite", "640"],
    ["overwrite", "664"],
    ["overwrite", "666"],
    ["overwrite", "755"],
    ["overwrite", "777"],
    ["append", "666"],
    ["append", "700"],
  ])("%s keeps the file's mode %s", async (mode, octal) => {
    const permissions = Number.parseInt(octal, 8);
    const name = `mode-${mode}-${octal}.sh`;
    await writeFile(inRoot(name), "#!/bin/sh\n");
    await chmod(inRoot(name), permissions);
    await writeValue({ path: name, content: "echo hi\n", mode });
    expect((await stat(inRoot(name))).mode & 0o777).toBe(permissions);
  });

  it("writes the content in the encoding asked for", async () => {
    await writeValue({ path: "utf16.txt", content: "hé ✓", encoding: "utf16le" });
    expect(await readFile(inRoot("utf16.txt"))).toEqual(Buffer.from("hé ✓", "utf16le"));
    await writeValue({ path: "latin1.txt", content: "café", encoding: "latin1" });
    expect(await readFile(inRoot("latin1.txt"))).toEqual(Buffer.from([0x63, 0x61, 0x66, 0xe9]));
  });

  it("refuses content over 16 MiB, naming the field", async () => {
    const error = failureOf(
      await write({ path: "huge.txt", content: "x".repeat(16 * 1024 * 1024 + 1) }),
    );
    expect(error.code).toBe("TOOL_ERROR");
    expect(error.message).toContain("@file/write: content ");
    expect(error.message).toContain("refused: content is larger than 16777216 bytes");
    expect(error.details).toMatchObject({ field: "/content" });
    await expect(stat(inRoot("huge.txt"))).rejects.toThrow(/ENOENT/);
  });

  it("refuses an append that would pass 16 MiB, leaving the file as it was", async () => {
    await writeFile(inRoot("big.log"), Buffer.alloc(16 * 1024 * 1024, "a"));
    const error = failureOf(await write({ path: "big.log", content: "one more", mode: "append" }));
    expect(error.message).toContain("appending would make the file larger than 16777216 bytes");
    expect((await stat(inRoot("big.log"))).size).toBe(16 * 1024 * 1024);
  });
});

describe("@file/write: parent folders", () => {
  it("refuses a missing folder unless createParents is set, creating nothing", async () => {
    const error = failureOf(await write({ path: "a/b/c.txt", content: "x" }));
    expect(error.code).toBe("TOOL_ERROR");
    expect(error.message).toBe('@file/write: path "a/b/c.txt" refused: its folder does not exist');
    expect(error.hint).toBe("pass createParents: true to create it");
    await expect(stat(inRoot("a"))).rejects.toThrow(/ENOENT/);
  });

  it("creates missing folders with createParents", async () => {
    const value = await writeValue({ path: "a/b/c.txt", content: "deep", createParents: true });
    expect(value.path).toBe("a/b/c.txt");
    expect(await contentOf("a/b/c.txt")).toBe("deep");
    expect(await leftoverTempFiles()).toEqual([]);
  });

  it("is fine with createParents when the folders exist", async () => {
    await writeValue({ path: "a/b/d.txt", content: "sibling", createParents: true });
    expect(await contentOf("a/b/d.txt")).toBe("sibling");
  });
});

describe("@file/write: what it refuses", () => {
  it.each(["create", "overwrite", "append"])(
    "refuses to write through a symbolic link (mode %s), leaving link and target alone",
    async (mode) => {
      const target = `link-target-${mode}.txt`;
      const link = `link-${mode}.txt`;
      await writeFile(inRoot(target), "target content");
      await symlink(target, inRoot(link));
      const error = failureOf(await write({ path: link, content: "through the link", mode }));
      expect(error.code).toBe("TOOL_ERROR");
      expect(error.message).toBe(
        `@file/write: path "${link}" refused: it is a symbolic link; writing through links is not allowed`,
      );
      expect(error.hint).toBe("write to the link's target path instead");
      expect(await contentOf(target)).toBe("target content");
      expect((await lstat(inRoot(link))).isSymbolicLink()).toBe(true);
      expect(await leftoverTempFiles()).toEqual([]);
    },
  );

  it("refuses a dangling symbolic link without creating its target", async () => {
    await symlink("not-yet.txt", inRoot("dangling-link"));
    const error = failureOf(await write({ path: "dangling-link", content: "x" }));
    expect(error.code).toBe("TOOL_ERROR");
    expect(error.message).toContain('path "dangling-link" refused');
    expect(error.message).toContain("symbolic link");
    await expect(stat(inRoot("not-yet.txt"))).rejects.toThrow(/ENOENT/);
  });

  it("refuses a folder", async () => {
    await mkdir(inRoot("folder"));
    const error = failureOf(await write({ path: "folder", content: "x", mode: "overwrite" }));
    expect(error.message).toBe(
      '@file/write: path "folder" refused: it exists and is not a regular file',
    );
    expect((await stat(inRoot("folder"))).isDirectory()).toBe(true);
  });

  it("removes its temp file when the write itself fails (a full disk)", async () => {
    await writeFile(inRoot("precious.txt"), "keep me");
    faults.onTempOpen = (handle) => {
      handle.writeFile = () =>
        Promise.reject(
          Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" }),
        );
    };
    const error = failureOf(
      await write({ path: "precious.txt", content: "replacement", mode: "overwrite" }),
    );
    expect(error.code).toBe("TOOL_ERROR");
    expect(error.message).toContain("no space left on device");
    expect(await contentOf("precious.txt")).toBe("keep me");
    expect(await leftoverTempFiles()).toEqual([]);
  });

  it.each([
    [{ content: "x" }, "/path", "required"],
    [{ path: "x.txt" }, "/content", "required"],
    [{ path: "", content: "x" }, "/path", "minLength"],
    [{ path: "x.txt", content: "x", mode: "truncate" }, "/mode", "enum"],
    [{ path: "x.txt", content: 5 }, "/content", "type"],
    [{ path: "x.txt", content: "x", createParents: "yes" }, "/createParents", "type"],
  ])("refuses %j by validation", async (params, pointer, rule) => {
    const error = failureOf(await write(params));
    expect(error.code).toBe("VALIDATION_ERROR");
    expect(error.details?.problems).toEqual([expect.objectContaining({ pointer, rule })]);
    await expect(stat(inRoot("x.txt"))).rejects.toThrow(/ENOENT/);
  });

  it("leaves no temp file behind after all of the above", async () => {
    expect(await leftoverTempFiles()).toEqual([]);
  });
});
