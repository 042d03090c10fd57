/**
 * Follows whether a folder exists. A plugin folder may not exist when the app starts (a fresh
 * `$AGENTIC_HOME/plugins`), and a user may delete and re-create one; chokidar watches only what
 * exists, so this watches the nearest existing ancestor for the folder's creation and removal.
 */
import { access } from "node:fs/promises";
import path from "node:path";

/** Stops following. */
export type StopFollowing = () => Promise<void>;

/** Calls `onChange(true)` when `dir` appears and `onChange(false)` when it goes. */
export async function followFolderPresence(
  dir: string,
  onChange: (exists: boolean) => void,
): Promise<StopFollowing> {
  const { watch } = await import("chokidar");
  let ancestor = path.dirname(dir);
  while (!(await folderExists(ancestor)) && path.dirname(ancestor) !== ancestor)
    ancestor = path.dirname(ancestor);
  const levels = path.relative(ancestor, dir).split(path.sep).length;
  const watcher = watch(ancestor, {
    ignoreInitial: true,
    depth: levels - 1,
    // Only the way down to the folder matters: the ancestor may be $AGENTIC_HOME (history, traces).
    ignored: (p: string) => !(p === ancestor || p === dir || dir.startsWith(p + path.sep)),
  });
  let present = await folderExists(dir);
  // One check at a time, in order: two events in a row must not report the same change twice.
  let checking = Promise.resolve();
  const check = () => {
    checking = checking.then(async () => {
      const now = await folderExists(dir);
      if (now !== present) {
        present = now;
        onChange(now);
      }
    });
    return checking;
  };
  watcher.on("addDir", check);
  watcher.on("unlinkDir", check);
  await new Promise<void>((resolve) => watcher.once("ready", () => resolve()));
  // Created between the check above and the watcher being ready: not missed.
  await check();
  return () => watcher.close();
}

/** Whether `dir` exists (without blocking the main thread, as a sync check would). */
export function folderExists(dir: string): Promise<boolean> {
  return access(dir).then(
    () => true,
    () => false,
  );
}
