import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ToolRegistry } from "../../src-main/core/registry.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { failureOf, okValue, registryFor } from "./registry-for.ts";

interface ReadValue {
  path: string;
  encoding: string;
  content: string;
  bytesRead: number;
  totalBytes: number;
  truncated: boolean;
  lines?: { start: number; end: number };
}

let root: string;
let registry: ToolRegistry;

const read = async (params: Record<string, unknown>) => registry.invoke("@file/read", params);
const readValue = async (params: Record<string, unknown>) => okValue<ReadValue>(await read(params));

async function put(relative: string, data: string | Buffer): Promise<void> {
  const file = path.join(root, relative);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, data);
}

const UTF8_TEXT = "héllo wörld ✓ 日本\nsecond line\n";
const FIVE_LINES = "one\ntwo\nthree\nfour\nfive\n";

beforeAll(async () => {
  root = await tempDir();
  registry = registryFor(root);
  await put("hello.txt", UTF8_TEXT);
  await put("sub/dir/note.md", "# note\n");
  await put("latin1.txt", Buffer.from("café déjà vu, über", "latin1"));
  await put("utf16.txt", Buffer.from("hello ✓ wörld\nzweite Zeile", "utf16le"));
  await put("ascii.txt", "plain ascii\n");
  await put("five.txt", FIVE_LINES);
  await put("five-no-eol.txt", "one\ntwo\nthree\nfour\nfive");
  await put("crlf.txt", "one\r\ntwo\r\nthree\r\n");
  await put("hundred.txt", "0123456789".repeat(10));
  await put("multibyte.txt", "ééé");
  await put("empty.txt", "");
  await put(
    "binary.png",
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
  );
  await put(
    "late-nul.txt",
    Buffer.concat([Buffer.alloc(9000, "a"), Buffer.from([0]), Buffer.from("z")]),
  );
});

describe("@file/read: text and encodings", () => {
  it("reads UTF-8 text exactly, with sizes and the relative path", async () => {
    const value = await readValue({ path: "hello.txt" });
    expect(value).toEqual({
      path: "hello.txt",
      encoding: "utf8",
      content: UTF8_TEXT,
      bytesRead: Buffer.byteLength(UTF8_TEXT),
      totalBytes: Buffer.byteLength(UTF8_TEXT),
      truncated: false,
    });
  });

  it("reports the path relative to the workspace with / separators", async () => {
    const value = await readValue({ path: "./sub/dir/../dir/note.md" });
    expect(value.path).toBe("sub/dir/note.md");
    expect(value.content).toBe("# note\n");
  });

  it("decodes latin1 when asked", async () => {
    const value = await readValue({ path: "latin1.txt", encoding: "latin1" });
    expect(value.content).toBe("café déjà vu, über");
    expect(value.encoding).toBe("latin1");
    expect(value.totalBytes).toBe(18);
  });

  it("shows latin1 bytes as replacement characters when read as UTF-8", async () => {
    const value = await readValue({ path: "latin1.txt" });
    expect(value.content).toContain("\uFFFD");
    expect(value.content).not.toContain("café");
  });

  it("decodes UTF-16LE when asked (its NUL bytes do not make it binary)", async () => {
    const value = await readValue({ path: "utf16.txt", encoding: "utf16le" });
    expect(value.content).toBe("hello ✓ wörld\nzweite Zeile");
    expect(value.totalBytes).toBe(Buffer.byteLength("hello ✓ wörld\nzweite Zeile", "utf16le"));
  });

  it("refuses UTF-16 read as UTF-8 as binary, hinting at utf16le", async () => {
    const error = failureOf(await read({ path: "utf16.txt" }));
    expect(error.code).toBe("TOOL_ERROR");
    expect(error.message).toContain("utf16.txt looks binary (it contains NUL bytes)");
    expect(error.hint).toContain("encoding utf16le");
  });

  it("reads ascii", async () => {
    expect((await readValue({ path: "ascii.txt", encoding: "ascii" })).content).toBe(
      "plain ascii\n",
    );
  });

  it("reads an empty file", async () => {
    expect(await readValue({ path: "empty.txt" })).toMatchObject({
      content: "",
      bytesRead: 0,
      totalBytes: 0,
      truncated: false,
    });
  });

  it("refuses an unknown encoding by validation", async () => {
    const error = failureOf(await read({ path: "hello.txt", encoding: "base64" }));
    expect(error.code).toBe("VALIDATION_ERROR");
    expect(error.details?.problems).toEqual([
      expect.objectContaining({ pointer: "/encoding", rule: "enum" }),
    ]);
  });
});

describe("@file/read: line ranges", () => {
  it("returns lines startLine..endLine inclusive", async () => {
    const value = await readValue({ path: "five.txt", startLine: 2, endLine: 4 });
    expect(value.content).toBe("two\nthree\nfour");
    expect(value.lines).toEqual({ start: 2, end: 4 });
  });

  it("returns a single line when startLine = endLine", async () => {
    const value = await readValue({ path: "five.txt", startLine: 3, endLine: 3 });
    expect(value.content).toBe("three");
    expect(value.lines).toEqual({ start: 3, end: 3 });
  });

  it("reads to the last line when only startLine is given", async () => {
    const value = await readValue({ path: "five.txt", startLine: 4 });
    expect(value.content).toBe("four\nfive");
    expect(value.lines).toEqual({ start: 4, end: 5 });
  });

  it("reads from the first line when only endLine is given", async () => {
    const value = await readValue({ path: "five.txt", endLine: 2 });
    expect(value.content).toBe("one\ntwo");
    expect(value.lines).toEqual({ start: 1, end: 2 });
  });

  it("counts the lines of a file with or without a final newline the same", async () => {
    const withEol = await readValue({ path: "five.txt", startLine: 1, endLine: 99 });
    const withoutEol = await readValue({ path: "five-no-eol.txt", startLine: 1, endLine: 99 });
    expect(withEol.lines).toEqual({ start: 1, end: 5 });
    expect(withoutEol.lines).toEqual({ start: 1, end: 5 });
    expect(withEol.content).toBe(withoutEol.content);
  });

  it("returns nothing for a range past the end of the file", async () => {
    const value = await readValue({ path: "five.txt", startLine: 10, endLine: 12 });
    expect(value.content).toBe("");
    expect(value.lines?.start).toBe(10);
  });

  it("splits CRLF lines and returns them joined with LF", async () => {
    const value = await readValue({ path: "crlf.txt", startLine: 2, endLine: 3 });
    expect(value.content).toBe("two\nthree");
  });

  it("refuses endLine < startLine by validation, naming endLine", async () => {
    const result = await read({ path: "five.txt", startLine: 4, endLine: 2 });
    const error = failureOf(result);
    expect(error.code).toBe("VALIDATION_ERROR");
    expect(error.message).toBe(
      "@file/read: invalid parameters: endLine must not be less than startLine",
    );
    expect(error.details?.problems).toEqual([
      { pointer: "/endLine", rule: "range", message: "must not be less than startLine" },
    ]);
  });

  it.each([
    [{ startLine: 0 }, "/startLine", "minimum"],
    [{ endLine: 0 }, "/endLine", "minimum"],
    [{ startLine: 1.5 }, "/startLine", "type"],
  ])("refuses %j by validation", async (range, pointer, rule) => {
    const error = failureOf(await read({ path: "five.txt", ...range }));
    expect(error.code).toBe("VALIDATION_ERROR");
    expect(error.details?.problems).toEqual([expect.objectContaining({ pointer, rule })]);
  });
});

describe("@file/read: maxBytes", () => {
  it("truncates and says so, with the file's total size", async () => {
    const value = await readValue({ path: "hundred.txt", maxBytes: 10 });
    expect(value).toMatchObject({
      content: "0123456789",
      bytesRead: 10,
      totalBytes: 100,
      truncated: true,
    });
  });

  it("does not call a read of exactly the file's size truncated", async () => {
    const value = await readValue({ path: "hundred.txt", maxBytes: 100 });
    expect(value).toMatchObject({ bytesRead: 100, totalBytes: 100, truncated: false });
  });

  it("applies the line range to the bytes read", async () => {
    const value = await readValue({ path: "five.txt", maxBytes: 9, startLine: 2 });
    expect(value.truncated).toBe(true);
    expect(value.content).toBe("two\nt");
  });

  it("does not split a UTF-8 character at the cut", async () => {
    const value = await readValue({ path: "multibyte.txt", maxBytes: 3 });
    expect(value.truncated).toBe(true);
    expect(value.totalBytes).toBe(6);
    expect(value.content).toBe("é");
  });

  it.each([[0], [16 * 1024 * 1024 + 1], [-5]])(
    "refuses maxBytes %d by validation",
    async (maxBytes) => {
      const error = failureOf(await read({ path: "hundred.txt", maxBytes }));
      expect(error.code).toBe("VALIDATION_ERROR");
      expect(error.details?.problems).toEqual([expect.objectContaining({ pointer: "/maxBytes" })]);
    },
  );
});

describe("@file/read: files it refuses", () => {
  it("refuses a binary file (NUL bytes), naming the file and the reason", async () => {
    const error = failureOf(await read({ path: "binary.png" }));
    expect(error.code).toBe("TOOL_ERROR");
    expect(error.message).toBe("@file/read: binary.png looks binary (it contains NUL bytes)");
    expect(error.details).toEqual({ field: "/path", path: "binary.png" });
    expect(error.hint).toContain("only text files can be read");
  });

  it("refuses a binary file in latin1 too", async () => {
    const error = failureOf(await read({ path: "binary.png", encoding: "latin1" }));
    expect(error.message).toContain("looks binary");
  });

  // Like git, only the first 8000 bytes are examined.
  it("does not look for NUL beyond the first 8000 bytes", async () => {
    const value = await readValue({ path: "late-nul.txt" });
    expect(value.content.endsWith("\u0000z")).toBe(true);
  });

  it("says clearly that a missing file does not exist", async () => {
    const error = failureOf(await read({ path: "missing.txt" }));
    expect(error.code).toBe("TOOL_ERROR");
    expect(error.message).toBe('@file/read: path "missing.txt" refused: no such file');
    expect(error.details).toEqual({ field: "/path", path: "missing.txt", reason: "no such file" });
    expect(error.hint).toBe("check the path; it is relative to the workspace root");
  });

  it("says no such file for a missing folder too", async () => {
    const error = failureOf(await read({ path: "no/such/folder/file.txt" }));
    expect(error.message).toBe('@file/read: path "no/such/folder/file.txt" refused: no such file');
  });

  it("says a part of the path is not a folder", async () => {
    const error = failureOf(await read({ path: "hello.txt/inner" }));
    expect(error.message).toBe(
      '@file/read: path "hello.txt/inner" refused: a part of the path is not a folder',
    );
  });

  it("refuses a folder", async () => {
    const error = failureOf(await read({ path: "sub" }));
    expect(error.message).toBe(
      '@file/read: path "sub" refused: it is a folder, not a regular file',
    );
  });

  it.each([
    [{}, "/path", "required"],
    [{ path: "" }, "/path", "minLength"],
    [{ path: 42 }, "/path", "type"],
    [{ path: "hello.txt", offset: 3 }, "/offset", "additionalProperties"],
  ])("refuses %j by validation", async (params, pointer, rule) => {
    const error = failureOf(await read(params));
    expect(error.code).toBe("VALIDATION_ERROR");
    expect(error.details?.problems).toEqual([expect.objectContaining({ pointer, rule })]);
  });
});
