/**
 * The folder a write lands in, opened and held, so the write goes where the check looked. Checking
 * a path and then writing to it by name leaves a gap: a parent folder swapped for a symbolic link
 * in between sends the write outside. Here every component below the workspace root is opened
 * with O_NOFOLLOW under the one before, and on Linux the write then names its files through the
 * held descriptor (`/proc/self/fd/N/name`), which no later swap can redirect.
 */
import { constants } from "node:fs";
import { access, type FileHandle, lstat, mkdir, open, readlink, realpath } from "node:fs/promises";
import path from "node:path";
import { isInside, refuse, type WorkspacePath } from "./workspace-path.ts";

/** A folder inside the workspace, held open. */
export interface HeldFolder {
  /** Its real path (where the checks looked). */
  real: string;
  /** A path naming an entry of the held folder: through the descriptor where the OS allows it. */
  entry(name: string): string;
  /**
   * Refuses when the folder's path no longer leads to the held folder (renamed, or swapped for a
   * link): the write would land, safely, in the held folder, but not where the caller named.
   */
  verify(): Promise<void>;
  /** fsync the folder (so a rename survives a power cut), where the file system allows it. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

const DIRECTORY_NOFOLLOW = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;

let procFd: Promise<boolean> | undefined;
/** Whether this OS names open descriptors as folders (`/proc/self/fd`, Linux). */
function descriptorPaths(): Promise<boolean> {
  procFd ??=
    process.platform === "linux"
      ? access("/proc/self/fd").then(
          () => true,
          () => false,
        )
      : Promise.resolve(false);
  return procFd;
}

/**
 * Opens the folder of `target` (creating missing folders when `createParents`), refusing a path
 * that is not a folder, does not exist, leads outside, or changes while it is being opened.
 */
export async function holdFolder(
  workspaceRoot: string,
  target: WorkspacePath,
  createParents: boolean,
): Promise<HeldFolder> {
  const realRoot = await realpath(workspaceRoot);
  const dir = path.dirname(target.absolute);
  // The deepest folder that exists, resolved; what is missing below it is created (or refused).
  let existing = dir;
  while (
    !(await lstat(existing).then(
      () => true,
      () => false,
    ))
  ) {
    existing = path.dirname(existing);
  }
  const realExisting = await realpath(existing).catch(() => {
    throw refuse("path", target.requested, "a part of the path is not a folder");
  });
  if (!isInside(realRoot, realExisting)) {
    throw refuse(
      "path",
      target.requested,
      "a symbolic link in the path leads outside the workspace",
    );
  }
  if (!(await lstat(realExisting)).isDirectory()) {
    throw refuse("path", target.requested, "a part of the path is not a folder");
  }
  const missing = path
    .relative(existing, dir)
    .split(path.sep)
    .filter((n) => n !== "");
  if (missing.length > 0 && !createParents) {
    throw refuse(
      "path",
      target.requested,
      "its folder does not exist",
      "pass createParents: true to create it",
    );
  }
  const present = path
    .relative(realRoot, realExisting)
    .split(path.sep)
    .filter((n) => n !== "");
  const viaDescriptor = await descriptorPaths();
  const changed = () =>
    refuse(
      "path",
      target.requested,
      "its folder changed while writing (a symbolic link swapped in?); nothing was written",
    );

  let handle = await open(realRoot, DIRECTORY_NOFOLLOW);
  let real = realRoot;
  const at = (name: string) =>
    viaDescriptor ? `/proc/self/fd/${handle.fd}/${name}` : path.join(real, name);
  try {
    for (const [i, name] of [...present, ...missing].entries()) {
      const create = i >= present.length;
      if (create) {
        await mkdir(at(name)).catch((error: NodeJS.ErrnoException) => {
          if (error.code === "EEXIST") return;
          if (error.code === "ENOTDIR") {
            throw refuse("path", target.requested, "a part of the path is not a folder");
          }
          throw error;
        });
      }
      const next = await open(at(name), DIRECTORY_NOFOLLOW).catch(
        (error: NodeJS.ErrnoException) => {
          // A symbolic link (ENOTDIR or ELOOP under O_NOFOLLOW) or a vanished folder where the
          // check found a real one: something changed it in between.
          if (["ENOTDIR", "ELOOP", "ENOENT"].includes(error.code ?? "")) {
            if (create && error.code === "ENOTDIR") {
              throw refuse("path", target.requested, "a part of the path is not a folder");
            }
            throw changed();
          }
          throw error;
        },
      );
      await handle.close();
      handle = next;
      real = path.join(real, name);
    }
    if (viaDescriptor && (await readlink(`/proc/self/fd/${handle.fd}`)) !== real) {
      throw changed();
    }
  } catch (error) {
    await handle.close();
    throw error;
  }
  return held(handle, real, viaDescriptor, changed);
}

function held(
  handle: FileHandle,
  real: string,
  viaDescriptor: boolean,
  changed: () => Error,
): HeldFolder {
  return {
    real,
    async verify() {
      const [opened, named] = await Promise.all([
        handle.stat(),
        lstat(real).catch(() => undefined),
      ]);
      if (!named?.isDirectory() || named.ino !== opened.ino || named.dev !== opened.dev) {
        throw changed();
      }
    },
    entry: (name) => (viaDescriptor ? `/proc/self/fd/${handle.fd}/${name}` : path.join(real, name)),
    async sync() {
      // Some file systems refuse fsync on folders; the data itself is already synced.
      await handle.sync().catch(() => undefined);
    },
    close: () => handle.close(),
  };
}
