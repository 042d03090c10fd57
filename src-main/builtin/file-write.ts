/**
 * `@file/write`: writes a text file in the workspace, atomically (temp file, fsync, rename or
 * link), so a crash leaves the old file or the new one, never half of one. By default it refuses
 * to replace an existing file.
 */
import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { link, open, readdir, rename, unlink } from "node:fs/promises";
import path from "node:path";
import { defineTool } from "../core/define-tool.ts";
import { ToolError } from "../core/errors.ts";
import { type HeldFolder, holdFolder } from "./held-folder.ts";
import { refuseProtectedWrite } from "./protected-paths.ts";
import {
  lstatIfExists,
  plannedRealPath,
  refuse,
  resolveInWorkspace,
  type WorkspacePath,
} from "./workspace-path.ts";

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
    // Checked before any parent folder is created, and again once the folder is held.
    await refuseProtectedWrite(ctx, await plannedRealPath(target), target.requested);
    const folder = await holdFolder(ctx.workspaceRoot, target, params.createParents ?? false);
    try {
      const name = path.basename(target.absolute);
      await refuseProtectedWrite(ctx, path.join(folder.real, name), target.requested);
      const written = await writeInFolder(folder, name, target, mode, data, ctx.signal);
      await folder.sync();
      await removeOrphanedTempFiles(folder);
      return { path: target.relative, mode, bytesWritten: data.length, ...written };
    } finally {
      await folder.close();
    }
  },
});

/** Writes `name` in the held folder: temp file, fsync, then link (create) or rename (replace). */
async function writeInFolder(
  folder: HeldFolder,
  name: string,
  target: WorkspacePath,
  mode: "create" | "overwrite" | "append",
  data: Buffer,
  signal: AbortSignal,
): Promise<{ size: number; created: boolean }> {
  const final = folder.entry(name);
  const existing = await lstatIfExists(final);
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
    payload = Buffer.concat([await readOwnFile(final, target), data]);
  }
  signal.throwIfAborted();

  // The writer's pid in the name lets a later write tell a killed writer's leftover apart.
  const temp = folder.entry(`.${name}.${process.pid}-${randomBytes(6).toString("hex")}.tmp`);
  const handle = await open(temp, "wx", 0o644);
  try {
    try {
      // open()'s mode is cut by the umask (0o664 would become 0o644): set the old file's
      // mode explicitly so a replaced file keeps it.
      if (existing) await handle.chmod(existing.mode & 0o777);
      await handle.writeFile(payload);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // Between the checks and now, the folder may have been renamed or swapped for a link.
    await folder.verify();
    if (mode === "create" || !existing) {
      // link() fails if the name appeared meanwhile: creation never clobbers, even in a race.
      await link(temp, final).catch((error: NodeJS.ErrnoException) => {
        if (error.code === "EEXIST") {
          throw new ToolError(`${target.relative} appeared while writing; nothing was written`, {
            hint: 'pass mode "overwrite" to replace it',
          });
        }
        throw error;
      });
      await unlink(temp);
    } else {
      await rename(temp, final);
    }
  } catch (error) {
    // Whatever failed (a full disk, a race), the temp file must not stay behind.
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  return { size: payload.length, created: !existing };
}

/**
 * The current content of a file being appended to. A file with another name (a hard link) may
 * be a file outside the workspace: its content would be copied in, so it is refused.
 */
async function readOwnFile(file: string, target: WorkspacePath): Promise<Buffer> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    if ((await handle.stat()).nlink > 1) {
      throw refuse(
        "path",
        target.requested,
        "it has more than one name (a hard link), which may lead outside the workspace",
        'write it with mode "overwrite" instead, which replaces the name and not the shared file',
      );
    }
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}
const TEMP_NAME = /^\..+\.(\d+)-[0-9a-f]{12}\.tmp$/;

/**
 * A writer killed between creating its temp file and renaming it (kill -9, a power cut) leaves
 * the temp file behind; the next write in the same folder removes those whose process is gone.
 */
async function removeOrphanedTempFiles(folder: HeldFolder): Promise<void> {
  let names: string[];
  try {
    names = await readdir(folder.entry("."));
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(TEMP_NAME.exec(name)?.[1]);
    if (!pid || pid === process.pid || processExists(pid)) continue;
    await unlink(folder.entry(name)).catch(() => undefined);
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
