/**
 * Confines file paths to the workspace root. A path is refused when it holds a NUL byte, leads
 * outside the root (by `..`, an absolute path or a symlink, including a symlinked parent), or is
 * not a regular file where one is needed (devices, FIFOs, sockets, folders).
 */
import { constants, type Stats } from "node:fs";
import { type FileHandle, lstat, open, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { ToolError } from "../core/errors.ts";

/** A checked location inside the workspace. */
export interface WorkspacePath {
  /** The path as the user gave it. */
  requested: string;
  /** Absolute path, symlinks not resolved (what the user meant). */
  absolute: string;
  /** Path relative to the workspace root, with `/` separators. */
  relative: string;
}

const MAX_PATH_BYTES = 4096;

/** Resolves `requested` against `root` and refuses anything that escapes it lexically. */
export async function resolveInWorkspace(
  root: string,
  requested: unknown,
  field = "path",
): Promise<WorkspacePath> {
  if (typeof requested !== "string" || requested.length === 0) {
    throw refuse(field, String(requested), "the path is empty");
  }
  if (requested.includes("\0")) throw refuse(field, requested, "the path contains a NUL byte");
  if (Buffer.byteLength(requested) > MAX_PATH_BYTES) {
    throw refuse(
      field,
      `${requested.slice(0, 40)}…`,
      `the path is longer than ${MAX_PATH_BYTES} bytes`,
    );
  }
  const realRoot = await realpath(root);
  const absolute = path.resolve(realRoot, requested);
  if (!isInside(realRoot, absolute)) {
    throw refuse(field, requested, "the path leads outside the workspace");
  }
  // Symlinks: the deepest part that exists must really be inside the root.
  const existing = await deepestExisting(absolute, field, requested);
  const realExisting = await realpath(existing).catch((error: NodeJS.ErrnoException) => {
    // `existing` is a link to nothing (or one of a loop of links): where it leads cannot be
    // checked, so it is refused here instead of failing later with a bare ENOENT or ELOOP.
    if (error.code === "ENOENT") {
      throw refuse(field, requested, "a symbolic link in the path points to a missing target");
    }
    if (error.code === "ELOOP") {
      throw refuse(field, requested, "too many levels of symbolic links");
    }
    throw error;
  });
  if (!isInside(realRoot, realExisting)) {
    throw refuse(field, requested, "a symbolic link in the path leads outside the workspace");
  }
  return {
    requested,
    absolute,
    relative: path.relative(realRoot, absolute).split(path.sep).join("/") || ".",
  };
}

/**
 * Opens a regular file inside the workspace for reading. Refuses devices, FIFOs and sockets
 * without blocking on them, and re-checks after opening that the file opened is the one checked,
 * so a symlink swapped in between check and use cannot redirect the read.
 */
export async function openRegularFileForRead(
  root: string,
  target: WorkspacePath,
  field = "path",
): Promise<{ handle: FileHandle; stats: Stats }> {
  const before = await statOrExplain(target, field);
  refuseNonRegular(before, target, field);
  const handle = await open(target.absolute, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = await handle.stat();
    refuseNonRegular(stats, target, field);
    const realRoot = await realpath(root);
    const real = await realpath(target.absolute);
    const atReal = await stat(real);
    if (!isInside(realRoot, real) || atReal.ino !== stats.ino || atReal.dev !== stats.dev) {
      throw refuse(
        field,
        target.requested,
        "the file changed while it was being opened (a symbolic link swapped in?)",
      );
    }
    return { handle, stats };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * Where `target` would be with symbolic links resolved: the real path of its deepest existing
 * part, plus the names below it that do not exist yet.
 */
export async function plannedRealPath(target: WorkspacePath, field = "path"): Promise<string> {
  const existing = await deepestExisting(target.absolute, field, target.requested);
  const real = await realpath(existing).catch(() => existing);
  return path.join(real, path.relative(existing, target.absolute));
}

/** Stats a path, turning ENOENT and friends into a clear refusal. */
export async function statOrExplain(target: WorkspacePath, field = "path"): Promise<Stats> {
  try {
    return await stat(target.absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      throw refuse(
        field,
        target.requested,
        "no such file",
        "check the path; it is relative to the workspace root",
      );
    if (code === "ENAMETOOLONG")
      throw refuse(field, target.requested, "a name in the path is too long");
    if (code === "ELOOP")
      throw refuse(field, target.requested, "too many levels of symbolic links");
    if (code === "ENOTDIR")
      throw refuse(field, target.requested, "a part of the path is not a folder");
    throw error;
  }
}

/** lstat that returns undefined for a missing path. */
export async function lstatIfExists(p: string): Promise<Stats | undefined> {
  try {
    return await lstat(p);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

function refuseNonRegular(stats: Stats, target: WorkspacePath, field: string): void {
  if (stats.isFile()) return;
  const kind = stats.isDirectory()
    ? "a folder"
    : stats.isFIFO()
      ? "a FIFO (named pipe)"
      : stats.isCharacterDevice() || stats.isBlockDevice()
        ? "a device file"
        : stats.isSocket()
          ? "a socket"
          : "not a regular file";
  throw refuse(field, target.requested, `it is ${kind}, not a regular file`);
}

/** A refusal naming the field, the path and the reason. */
export function refuse(field: string, requested: string, reason: string, hint?: string): ToolError {
  return new ToolError(`${field} ${JSON.stringify(requested)} refused: ${reason}`, {
    details: { field: `/${field}`, path: requested, reason },
    hint: hint ?? "use a path inside the workspace (relative to its root)",
  });
}

/** Whether `candidate` is `root` or below it (both absolute). */
export function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

async function deepestExisting(
  absolute: string,
  field: string,
  requested: string,
): Promise<string> {
  let current = absolute;
  for (;;) {
    try {
      await lstat(current);
      return current;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENAMETOOLONG") {
        // Named like every other refusal, so a caller can tell which field (e.g. paths/3) it was.
        throw refuse(
          field,
          requested.length > 40 ? `${requested.slice(0, 40)}…` : requested,
          "a name in the path is too long",
          "use shorter names (255 bytes per name at most)",
        );
      }
      const parent = path.dirname(current);
      if (parent === current) return current;
      current = parent;
    }
  }
}
