/**
 * `@file/write`: writes a text file in the workspace, atomically (temp file, fsync, rename or
 * link), so a crash leaves the old file or the new one, never half of one. By default it refuses
 * to replace an existing file.
 */
import { randomBytes } from "node:crypto";
import { link, open, readdir, readFile, realpath, rename, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { defineTool } from "../core/define-tool.ts";
import { ToolError } from "../core/errors.ts";
import { isInside, lstatIfExists, refuse, resolveInWorkspace } from "./workspace-path.ts";

const MAX_CONTENT_BYTES = 16 * 1024 * 1024;

export const fileWrite = defineTool({
  name: "@file/write",
  description:
    "Writes a text file in the workspace atomically. Modes: create (default; refuses an existing file), overwrite, append.",
  deterministic: false,
  costPerInvocation: 0,
  version: "1.0.0",
  tags: ["file"],
  annotations: { readOnly: false, destructive: true },
  parametersSchema: {
    type: "object",
    properties: {
      path: { type: "string", minLength: 1, description: "Path relative to the workspace root." },
      content: { type: "string", description: "The text to write." },
      mode: {
        type: "string",
        enum: ["create", "overwrite", "append"],
        default: "create",
        description:
          "create refuses an existing file; overwrite replaces it; append adds to its end.",
      },
      encoding: { type: "string", enum: ["utf8", "utf16le", "latin1", "ascii"], default: "utf8" },
      createParents: {
        type: "boolean",
        default: false,
        description: "Create missing parent folders (inside the workspace).",
      },
    },
    required: ["path", "content"],
    additionalProperties: false,
  },
  async invoke(params, ctx) {
    const mode = params.mode ?? "create";
    const encoding = params.encoding ?? "utf8";
    const data = Buffer.from(params.content, encoding);
    if (data.length > MAX_CONTENT_BYTES) {
      throw refuse(
        "content",
        `${data.length} bytes`,
        `content is larger than ${MAX_CONTENT_BYTES} bytes`,
        "write smaller files",
      );
    }
    const target = await resolveInWorkspace(ctx.workspaceRoot, params.path);
    if (target.relative === ".") {
      // Its folder is the workspace's parent, which the check below would blame on a symlink.
      throw refuse("path", target.requested, "it is the workspace folder, not a file");
    }
    const dir = path.dirname(target.absolute);
    if (params.createParents) {
      const { mkdir } = await import("node:fs/promises");
      await mkdir(dir, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ENOTDIR" || error.code === "EEXIST") {
          throw refuse("path", target.requested, "a part of the path is not a folder");
        }
        throw error;
      });
      // Re-check: a symlinked parent created meanwhile must not lead out.
      await resolveInWorkspace(ctx.workspaceRoot, params.path);
    }
    const realDir = await realpath(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOTDIR") {
        throw refuse("path", target.requested, "a part of the path is not a folder");
      }
      throw refuse(
        "path",
        target.requested,
        "its folder does not exist",
        "pass createParents: true to create it",
      );
    });
    // realpath() accepts a file too; "file.txt/x" must be refused here, not fail with ENOTDIR.
    if (!(await stat(realDir)).isDirectory()) {
      throw refuse("path", target.requested, "a part of the path is not a folder");
    }
    if (!isInside(await realpath(ctx.workspaceRoot), realDir)) {
      throw refuse(
        "path",
        target.requested,
        "a symbolic link in the path leads outside the workspace",
      );
    }
    const existing = await lstatIfExists(target.absolute);
    if (existing?.isSymbolicLink()) {
      throw refuse(
        "path",
        target.requested,
        "it is a symbolic link; writing through links is not allowed",
        "write to the link's target path instead",
      );
    }
    if (existing && !existing.isFile()) {
      throw refuse("path", target.requested, "it exists and is not a regular file");
    }
    if (existing && mode === "create") {
      // No "@file/write:" prefix: the registry puts the tool's name in front of every error.
      throw new ToolError(`${target.relative} already exists; nothing was written`, {
        details: { field: "/path", path: target.relative },
        hint: 'pass mode "overwrite" to replace it or "append" to add to it',
      });
    }
    let payload = data;
    if (mode === "append" && existing) {
      if (existing.size + data.length > MAX_CONTENT_BYTES) {
        throw refuse(
          "path",
          target.requested,
          `appending would make the file larger than ${MAX_CONTENT_BYTES} bytes`,
        );
      }
      payload = Buffer.concat([await readFile(target.absolute), data]);
    }
    ctx.signal.throwIfAborted();

    // The writer's pid in the name lets a later write tell a killed writer's leftover apart.
    const temp = path.join(
      realDir,
      `.${path.basename(target.absolute)}.${process.pid}-${randomBytes(6).toString("hex")}.tmp`,
    );
    const handle = await open(temp, "wx", 0o644);
    try {
      try {
        // Between the checks above and this open, the folder may have been swapped for a
        // symbolic link leading out: make sure the temp file landed where it was checked.
        await ensureWhereChecked(handle, temp, realDir, ctx.workspaceRoot, target.requested);
        // open()'s mode is cut by the umask (0o664 would become 0o644): set the old file's
        // mode explicitly so a replaced file keeps it.
        if (existing) await handle.chmod(existing.mode & 0o777);
        await handle.writeFile(payload);
        await handle.sync();
      } finally {
        await handle.close();
      }
      if (mode === "create" || !existing) {
        // link() fails if the name appeared meanwhile: creation never clobbers, even in a race.
        await link(temp, target.absolute).catch((error: NodeJS.ErrnoException) => {
          if (error.code === "EEXIST") {
            throw new ToolError(`${target.relative} appeared while writing; nothing was written`, {
              hint: 'pass mode "overwrite" to replace it',
            });
          }
          throw error;
        });
        await unlink(temp);
      } else {
        await rename(temp, target.absolute);
      }
    } catch (error) {
      // Whatever failed (a full disk, a race), the temp file must not stay behind.
      if (error instanceof MovedTempFile) {
        await unlink(error.realTemp).catch(() => undefined);
        throw error.refusal;
      }
      await unlink(temp).catch(() => undefined);
      throw error;
    }
    await syncFolder(realDir);
    await removeOrphanedTempFiles(realDir);
    return {
      path: target.relative,
      mode,
      bytesWritten: data.length,
      size: payload.length,
      created: !existing,
    };
  },
});

/** The temp file was created somewhere other than the folder checked (carries the refusal). */
class MovedTempFile extends Error {
  constructor(
    readonly realTemp: string,
    readonly refusal: Error,
  ) {
    super(refusal.message);
  }
}

async function ensureWhereChecked(
  handle: Awaited<ReturnType<typeof open>>,
  temp: string,
  realDir: string,
  workspaceRoot: string,
  requested: string,
): Promise<void> {
  const opened = await handle.stat();
  const realTemp = await realpath(temp).catch(() => temp);
  const atReal = await stat(realTemp).catch(() => undefined);
  const same = atReal?.ino === opened.ino && atReal?.dev === opened.dev;
  if (
    same &&
    path.dirname(realTemp) === realDir &&
    isInside(await realpath(workspaceRoot), realTemp)
  ) {
    return;
  }
  throw new MovedTempFile(
    realTemp,
    refuse(
      "path",
      requested,
      "its folder changed while writing (a symbolic link swapped in?); nothing was written",
    ),
  );
}

const TEMP_NAME = /^\..+\.(\d+)-[0-9a-f]{12}\.tmp$/;

/**
 * A writer killed between creating its temp file and renaming it (kill -9, a power cut) leaves
 * the temp file behind; the next write in the same folder removes those whose process is gone.
 */
async function removeOrphanedTempFiles(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(TEMP_NAME.exec(name)?.[1]);
    if (!pid || pid === process.pid || processExists(pid)) continue;
    await unlink(path.join(dir, name)).catch(() => undefined);
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** fsync the folder so the rename itself survives a power cut. */
async function syncFolder(dir: string): Promise<void> {
  try {
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some file systems refuse fsync on folders; the data itself is already synced.
  }
}
