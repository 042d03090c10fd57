/**
 * Confinement of @file/read and @file/write to the workspace: every way out (.., absolute paths,
 * symbolic links, odd names) is refused with the reason, and what looks odd but stays inside is
 * allowed. Special files (FIFO, socket, device) are refused without blocking.
 */
import { execFileSync } from "node:child_process";
import { mkdir, readdir, readFile, stat, symlink, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ToolRegistry } from "../../src-main/core/registry.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { entriesUnder, failureOf, okValue, registryFor } from "./registry-for.ts";

let W: string; // the workspace
let O: string; // a folder outside it, holding a secret
let registry: ToolRegistry;
let server: net.Server | undefined;
let passwdBefore: string;

/** A name that must never appear beside the workspace. */
const ESCAPE = `escaped-${process.pid}`;
const SECRET = "TOP SECRET";

beforeAll(async () => {
  W = await tempDir("agentic-ws-");
  O = await tempDir("agentic-outside-");
  registry = registryFor(W);
  passwdBefore = await readFile("/etc/passwd", "utf8");

  await writeFile(path.join(O, "secret.txt"), SECRET);
  await writeFile(path.join(W, "inside.txt"), "inside");
  await mkdir(path.join(W, "sub"));
  await writeFile(path.join(W, "sub", "nested.txt"), "nested");
  await symlink(path.join(O, "secret.txt"), path.join(W, "link-out.txt"));
  await symlink(O, path.join(W, "link-out-dir"));
  await symlink("..", path.join(W, "link-up"));
  await symlink("inside.txt", path.join(W, "link-in.txt"));
  await symlink(path.join(W, "inside.txt"), path.join(W, "abs-link-in.txt"));
  await symlink("sub", path.join(W, "link-in-dir"));
  await symlink("/dev/null", path.join(W, "devnull"));
  await symlink(path.join(O, "missing.txt"), path.join(W, "dangling-out"));
  await symlink("loop-b", path.join(W, "loop-a"));
  await symlink("loop-a", path.join(W, "loop-b"));
  execFileSync("mkfifo", [path.join(W, "fifo")]);
  const listening = net.createServer();
  server = listening;
  await new Promise<void>((resolve) => listening.listen(path.join(W, "sock"), resolve));
});

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

/** A refusal: the reason that must follow `refused: ` in the message. */
type Expected = { refused: string } | { content: string };

const outside = "the path leads outside the workspace";
const throughLink = "a symbolic link in the path leads outside the workspace";
const notFound = "no such file";

describe("@file/read confinement", () => {
  const cases: [string, () => string, Expected][] = [
    ["dot-dot", () => "../x", { refused: outside }],
    ["dot-dot after a folder", () => "a/../../x", { refused: outside }],
    ["dot-slash dot-dot", () => "./../x", { refused: outside }],
    ["dot-dot from a real folder", () => "sub/../../x", { refused: outside }],
    ["dot-dot only", () => "sub/../..", { refused: outside }],
    [
      "dot-dot into the outside folder",
      () => `../${path.basename(O)}/secret.txt`,
      { refused: outside },
    ],
    ["/etc/passwd", () => "/etc/passwd", { refused: outside }],
    ["/dev/null", () => "/dev/null", { refused: outside }],
    ["an absolute path outside", () => path.join(O, "secret.txt"), { refused: outside }],
    ["the file system root", () => "/", { refused: outside }],
    ["an absolute path inside", () => path.join(W, "inside.txt"), { content: "inside" }],
    ["out by .. and back in", () => `../${path.basename(W)}/inside.txt`, { content: "inside" }],
    ["a . segment", () => "sub/./nested.txt", { content: "nested" }],
    // On Linux "\" is an ordinary character: "..\x" is one file name inside the workspace.
    ["a backslash name", () => "..\\x", { refused: notFound }],
    ["a backslash traversal", () => "..\\..\\etc\\passwd", { refused: notFound }],
    // Percent-encoding is not decoded: "%2e%2e" is a folder name, not "..".
    ["URL-encoded dot-dot", () => "%2e%2e/x", { refused: notFound }],
    ["URL-encoded traversal", () => "%2e%2e%2f%2e%2e%2fetc%2fpasswd", { refused: notFound }],
    ["a tilde (no home expansion)", () => "~/x", { refused: notFound }],
    ["a file: URL (not a URL here)", () => "file:///etc/passwd", { refused: notFound }],
    ["a symlink to an outside file", () => "link-out.txt", { refused: throughLink }],
    ["a symlinked folder leading out", () => "link-out-dir/secret.txt", { refused: throughLink }],
    // Refused as an escape, not "no such file": nothing is revealed about the outside.
    [
      "a missing file under a symlink out",
      () => "link-out-dir/missing.txt",
      { refused: throughLink },
    ],
    ["a symlink to ..", () => `link-up/${path.basename(O)}/secret.txt`, { refused: throughLink }],
    ["/dev/null through a symlink", () => "devnull", { refused: throughLink }],
    [
      "a dangling symlink",
      () => "dangling-out",
      { refused: "a symbolic link in the path points to a missing target" },
    ],
    ["a symlink loop", () => "loop-a", { refused: "too many levels of symbolic links" }],
    ["a relative symlink inside", () => "link-in.txt", { content: "inside" }],
    ["an absolute symlink inside", () => "abs-link-in.txt", { content: "inside" }],
    ["a symlinked folder inside", () => "link-in-dir/nested.txt", { content: "nested" }],
    ["a NUL byte", () => "inside.txt\0.png", { refused: "the path contains a NUL byte" }],
    ["a lone NUL byte", () => "\0", { refused: "the path contains a NUL byte" }],
    ["a 256-byte name", () => "n".repeat(256), { refused: "a name in the path is too long" }],
    [
      "a 256-byte name of 128 characters",
      () => "é".repeat(128),
      { refused: "a name in the path is too long" },
    ],
    [
      "a path over 4096 bytes",
      () => "d/".repeat(2049),
      { refused: "the path is longer than 4096 bytes" },
    ],
    ["a FIFO", () => "fifo", { refused: "it is a FIFO (named pipe), not a regular file" }],
    ["a socket", () => "sock", { refused: "it is a socket, not a regular file" }],
    ["a folder", () => "sub", { refused: "it is a folder, not a regular file" }],
    ["the workspace itself", () => ".", { refused: "it is a folder, not a regular file" }],
    [
      "a file used as a folder",
      () => "inside.txt/x",
      { refused: "a part of the path is not a folder" },
    ],
  ];

  it.each(cases)(
    "%s",
    async (_label, requested, expected) => {
      const p = requested();
      const result = await registry.invoke("@file/read", { path: p });
      if ("content" in expected) {
        expect(okValue<{ content: string }>(result).content).toBe(expected.content);
        return;
      }
      const error = failureOf(result);
      expect(error.code).toBe("TOOL_ERROR");
      expect(error.message).toMatch(/^@file\/read: path ".*" refused: /s);
      expect(error.message.endsWith(`refused: ${expected.refused}`)).toBe(true);
      expect(error.details).toMatchObject({ field: "/path", reason: expected.refused });
      expect(error.message).not.toContain(SECRET);
    },
    10_000,
  );

  it("refuses an empty path by validation", async () => {
    const error = failureOf(await registry.invoke("@file/read", { path: "" }));
    expect(error.code).toBe("VALIDATION_ERROR");
    expect(error.details?.problems).toEqual([expect.objectContaining({ pointer: "/path" })]);
  });

  it("returns quickly for a FIFO, which no writer will ever open", async () => {
    const started = Date.now();
    const result = await registry.invoke("@file/read", { path: "fifo" }, { timeoutMs: 3_000 });
    expect(failureOf(result).code).toBe("TOOL_ERROR");
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe("@file/write confinement", () => {
  type WriteCase = [string, () => Record<string, unknown>, { refused: string } | { wrote: string }];
  const cases: WriteCase[] = [
    ["dot-dot", () => ({ path: `../${ESCAPE}` }), { refused: outside }],
    ["dot-dot after a folder", () => ({ path: `a/../../${ESCAPE}` }), { refused: outside }],
    ["dot-slash dot-dot", () => ({ path: `./../${ESCAPE}` }), { refused: outside }],
    ["dot-dot from a real folder", () => ({ path: `sub/../../${ESCAPE}` }), { refused: outside }],
    [
      "dot-dot into the outside folder",
      () => ({ path: `../${path.basename(O)}/${ESCAPE}` }),
      { refused: outside },
    ],
    [
      "dot-dot with createParents",
      () => ({ path: `../${ESCAPE}/x`, createParents: true }),
      { refused: outside },
    ],
    // "create" mode: even if confinement failed, an existing file would not be replaced.
    ["/etc/passwd", () => ({ path: "/etc/passwd" }), { refused: outside }],
    [
      "an absolute path outside, overwrite",
      () => ({ path: path.join(O, "secret.txt"), mode: "overwrite" }),
      { refused: outside },
    ],
    ["an absolute new file outside", () => ({ path: path.join(O, ESCAPE) }), { refused: outside }],
    ["the file system root", () => ({ path: "/", mode: "overwrite" }), { refused: outside }],
    [
      "an absolute path inside",
      () => ({ path: path.join(W, "abs-inside.txt") }),
      { wrote: "abs-inside.txt" },
    ],
    [
      "out by .. and back in",
      () => ({ path: `../${path.basename(W)}/came-back.txt` }),
      { wrote: "came-back.txt" },
    ],
    // On Linux "\" is an ordinary character: this creates a file named "..\x" in the workspace.
    ["a backslash name", () => ({ path: "..\\x" }), { wrote: "..\\x" }],
    // Percent-encoding is not decoded: "%2e%2e" is just a (missing) folder name.
    ["URL-encoded dot-dot", () => ({ path: "%2e%2e/x" }), { refused: "its folder does not exist" }],
    [
      "URL-encoded dot-dot with createParents",
      () => ({ path: "%2e%2e/x", createParents: true }),
      { wrote: "%2e%2e/x" },
    ],
    [
      "a symlink to an outside file",
      () => ({ path: "link-out.txt", mode: "overwrite" }),
      { refused: throughLink },
    ],
    [
      "a symlinked folder leading out",
      () => ({ path: "link-out-dir/new.txt" }),
      { refused: throughLink },
    ],
    [
      "createParents under a symlinked folder leading out",
      () => ({ path: "link-out-dir/deeper/new.txt", createParents: true }),
      { refused: throughLink },
    ],
    [
      "a symlink to ..",
      () => ({ path: `link-up/${path.basename(O)}/secret.txt`, mode: "overwrite" }),
      { refused: throughLink },
    ],
    [
      "/dev/null through a symlink",
      () => ({ path: "devnull", mode: "overwrite" }),
      { refused: throughLink },
    ],
    [
      "a dangling symlink out",
      () => ({ path: "dangling-out" }),
      { refused: "a symbolic link in the path points to a missing target" },
    ],
    [
      "a symlink loop",
      () => ({ path: "loop-a", mode: "overwrite" }),
      { refused: "too many levels of symbolic links" },
    ],
    [
      "a symlink inside (links are never written through)",
      () => ({ path: "link-in.txt", mode: "overwrite" }),
      { refused: "it is a symbolic link; writing through links is not allowed" },
    ],
    [
      "a symlinked folder inside",
      () => ({ path: "link-in-dir/via-link.txt" }),
      { wrote: "sub/via-link.txt" },
    ],
    [
      "createParents under a symlinked folder inside",
      () => ({ path: "link-in-dir/made/file.txt", createParents: true }),
      { wrote: "sub/made/file.txt" },
    ],
    ["a NUL byte", () => ({ path: "x\0y" }), { refused: "the path contains a NUL byte" }],
    [
      "a 256-byte name",
      () => ({ path: "n".repeat(256) }),
      { refused: "a name in the path is too long" },
    ],
    [
      "a path over 4096 bytes",
      () => ({ path: "d/".repeat(2049), createParents: true }),
      { refused: "the path is longer than 4096 bytes" },
    ],
    [
      "a FIFO",
      () => ({ path: "fifo", mode: "overwrite" }),
      { refused: "it exists and is not a regular file" },
    ],
    [
      "a FIFO, append",
      () => ({ path: "fifo", mode: "append" }),
      { refused: "it exists and is not a regular file" },
    ],
    [
      "a socket",
      () => ({ path: "sock", mode: "overwrite" }),
      { refused: "it exists and is not a regular file" },
    ],
    [
      "a folder",
      () => ({ path: "sub", mode: "overwrite" }),
      { refused: "it exists and is not a regular file" },
    ],
    [
      "the workspace itself",
      () => ({ path: ".", mode: "overwrite" }),
      { refused: "it is the workspace folder, not a file" },
    ],
    [
      "a file used as a folder",
      () => ({ path: "inside.txt/x", mode: "overwrite" }),
      { refused: "a part of the path is not a folder" },
    ],
    [
      "a file as the folder, createParents",
      () => ({ path: "inside.txt/x", createParents: true }),
      { refused: "a part of the path is not a folder" },
    ],
    [
      "a file used as a folder, createParents",
      () => ({ path: "inside.txt/x/y", createParents: true }),
      { refused: "a part of the path is not a folder" },
    ],
  ];

  it.each(cases)(
    "%s",
    async (_label, params, expected) => {
      const result = await registry.invoke("@file/write", { content: "pwned", ...params() });
      if ("wrote" in expected) {
        okValue(result);
        expect(await readFile(path.join(W, expected.wrote), "utf8")).toBe("pwned");
        return;
      }
      const error = failureOf(result);
      expect(error.code).toBe("TOOL_ERROR");
      expect(error.message).toMatch(/^@file\/write: path ".*" refused: /s);
      expect(error.message.endsWith(`refused: ${expected.refused}`)).toBe(true);
      expect(error.details).toMatchObject({ field: "/path" });
    },
    10_000,
  );

  it("changed nothing outside the workspace", async () => {
    expect(await readdir(O)).toEqual(["secret.txt"]);
    expect(await readFile(path.join(O, "secret.txt"), "utf8")).toBe(SECRET);
    await expect(stat(path.join(W, "..", ESCAPE))).rejects.toThrow(/ENOENT/);
    expect(await readFile("/etc/passwd", "utf8")).toBe(passwdBefore);
    expect((await stat("/dev/null")).isCharacterDevice()).toBe(true);
  });

  it("left the links and special files as they were, and no temp files", async () => {
    expect(await readFile(path.join(W, "inside.txt"), "utf8")).toBe("inside");
    expect((await stat(path.join(W, "fifo"))).isFIFO()).toBe(true);
    expect((await stat(path.join(W, "sub"))).isDirectory()).toBe(true);
    const all = await entriesUnder(W);
    expect(all.filter((entry) => entry.endsWith(".tmp"))).toEqual([]);
  });
});
