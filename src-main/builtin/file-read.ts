/** `@file/read`: a text file from the workspace, with encoding, line range and a byte limit. */
import { realpath } from "node:fs/promises";
import { StringDecoder } from "node:string_decoder";
import { defineTool } from "../core/define-tool.ts";
import { ToolError } from "../core/errors.ts";
import { isLifted, refuseProtectedRead, UNPROTECT_ENV } from "./protected-paths.ts";
import { openRegularFileForRead, refuse, resolveInWorkspace } from "./workspace-path.ts";

const DEFAULT_MAX_BYTES = 1024 * 1024;
const HARD_MAX_BYTES = 16 * 1024 * 1024;
/** Bytes examined for NUL when deciding a file is binary (git's heuristic). */
const BINARY_SNIFF_BYTES = 8000;

export const fileRead = defineTool({
  name: "@file/read",
  description:
    "Reads a text file in the workspace: optional encoding, line range and byte limit; refuses binary files.",
  deterministic: false,
  costPerInvocation: 0,
  version: "1.0.0",
  tags: ["file"],
  annotations: { readOnly: true, destructive: false },
  parametersSchema: {
    type: "object",
    properties: {
      path: { type: "string", minLength: 1, description: "Path relative to the workspace root." },
      encoding: {
        type: "string",
        enum: ["utf8", "utf16le", "latin1", "ascii"],
        default: "utf8",
        description: "Text encoding of the file.",
      },
      startLine: { type: "integer", minimum: 1, description: "First line to return (1-based)." },
      endLine: { type: "integer", minimum: 1, description: "Last line to return (inclusive)." },
      maxBytes: {
        type: "integer",
        minimum: 1,
        maximum: HARD_MAX_BYTES,
        default: DEFAULT_MAX_BYTES,
        description: "Read at most this many bytes; the result says when it truncated.",
      },
    },
    required: ["path"],
    additionalProperties: false,
  },
  validateParams(params) {
    if (
      params.startLine !== undefined &&
      params.endLine !== undefined &&
      params.endLine < params.startLine
    ) {
      return [{ pointer: "/endLine", rule: "range", message: "must not be less than startLine" }];
    }
    return undefined;
  },
  async invoke(params, ctx) {
    const encoding = params.encoding ?? "utf8";
    const maxBytes = params.maxBytes ?? DEFAULT_MAX_BYTES;
    const target = await resolveInWorkspace(ctx.workspaceRoot, params.path);
    const { handle, stats } = await openRegularFileForRead(ctx.workspaceRoot, target);
    try {
      await refuseProtectedRead(ctx, await realpath(target.absolute), target.requested);
      if (stats.nlink > 1 && !isLifted(ctx, "hardlinks")) {
        // Another name of the same file may lie outside the workspace; which names exist cannot
        // be found without searching the whole file system.
        throw refuse(
          "path",
          target.requested,
          "it has more than one name (a hard link), which may lead outside the workspace",
          `copy the file instead of linking it, or start the app with ${UNPROTECT_ENV}=hardlinks`,
        );
      }
      const length = Math.min(stats.size, maxBytes);
      const buffer = Buffer.alloc(length);
      let bytesRead = 0;
      while (bytesRead < length) {
        ctx.signal.throwIfAborted();
        const { bytesRead: n } = await handle.read(
          buffer,
          bytesRead,
          length - bytesRead,
          bytesRead,
        );
        if (n === 0) break;
        bytesRead += n;
      }
      const data = buffer.subarray(0, bytesRead);
      if (encoding !== "utf16le" && data.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
        // No "@file/read:" prefix: the registry puts the tool's name in front of every error.
        throw new ToolError(`${target.relative} looks binary (it contains NUL bytes)`, {
          details: { field: "/path", path: target.relative },
          hint: "only text files can be read; for UTF-16 text pass encoding utf16le",
        });
      }
      const truncated = stats.size > bytesRead;
      // A cut can fall inside a character; the decoder holds back its bytes instead of showing
      // a replacement character that is not in the file.
      let content = truncated ? new StringDecoder(encoding).write(data) : data.toString(encoding);
      let lines: { start: number; end: number } | undefined;
      if (params.startLine !== undefined || params.endLine !== undefined) {
        const all = content.split(/\r?\n/);
        // A final newline ends the last line; it does not start one more (empty) line.
        if (all.length > 1 && all[all.length - 1] === "") all.pop();
        const start = params.startLine ?? 1;
        const end = Math.min(params.endLine ?? all.length, all.length);
        content = all.slice(start - 1, end).join("\n");
        lines = { start, end: Math.max(end, start - 1) };
      }
      return {
        path: target.relative,
        encoding,
        content,
        bytesRead,
        totalBytes: stats.size,
        truncated,
        ...(lines ? { lines } : {}),
      };
    } finally {
      await handle.close();
    }
  },
});
