/**
 * Follows whether a folder exists. A plugin folder may not exist when the app starts (a fresh
 * `$AGENTIC_HOME/plugins`), and a user may delete and re-create one; chokidar watches only what
 * exists, so this watches the nearest existing ancestor for the folder's creation and removal.
 */
import { existsSync } from "node:fs";
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
  while (!existsSync(ancestor) && path.dirname(ancestor) !== ancestor)
    ancestor = path.dirname(ancestor);
  const levels = path.relative(ancestor, dir).split(path.sep).length;
  const watcher = watch(ancestor, {
    ignoreInitial: true,
    depth: levels - 1,
    // Only the way down to the folder matters: the ancestor may be $AGENTIC_HOME (history, traces).
    ignored: (p: string) => !(p === ancestor || p === dir || dir.startsWith(p + path.sep)),
  });
  let present = existsSync(dir);
  const check = () => {
    const now = existsSync(dir);
    if (now !== present) {
      present = now;
      onChange(now);
    }
  };
  watcher.on("addDir", check);
  watcher.on("unlinkDir", check);
  await new Promise<void>((resolve) => watcher.once("ready", () => resolve()));
  // Created between the check above and the watcher being ready: not missed.
  check();
  return () => watcher.close();
}
