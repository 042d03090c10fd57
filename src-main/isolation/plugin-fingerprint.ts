/**
 * What a plugin's metadata depends on, as one hash of file sizes and modification times: the
 * plugin's own files (a folder plugin's folder; a file plugin's whole folder, since it may import
 * its neighbours), the nearest `node_modules/.package-lock.json` above it (npm rewrites it on
 * every install, so a changed dependency shows) and a salt for the app itself (its version, the
 * plugin API module, Node's version). Any change gives another hash; the cache then misses.
 */
import { createHash } from "node:crypto";
import { opendir, stat } from "node:fs/promises";
import path from "node:path";

/** A folder with more files than this is not fingerprinted (the plugin then always loads). */
const MAX_FILES = 5_000;

/** Hashes plugin folders, each walked once however many plugins it holds. */
export class PluginFingerprints {
  /** Each folder's listing and nearest lock file, worked out once. */
  private readonly folders = new Map<string, Promise<string | undefined>>();

  constructor(private readonly salt: string) {}

  /** The hash for the plugin at `id` (its file or folder); undefined when it cannot be had. */
  async of(id: string): Promise<string | undefined> {
    const info = await statOrUndefined(id);
    if (!info) return undefined;
    const folder = await this.folder(info.isDirectory() ? id : path.dirname(id));
    if (folder === undefined) return undefined;
    return createHash("sha256").update(`${this.salt}\n${id}\n${folder}`).digest("hex").slice(0, 32);
  }

  private folder(dir: string): Promise<string | undefined> {
    let pending = this.folders.get(dir);
    if (!pending) {
      pending = Promise.all([listing(dir), nearestLockfile(dir)]).then(([files, lock]) =>
        files === undefined ? undefined : `${lock}\n${files}`,
      );
      this.folders.set(dir, pending);
    }
    return pending;
  }
}

/** `relative-path size mtime` for each file under `dir`, leaving out node_modules and dot-folders. */
async function listing(dir: string): Promise<string | undefined> {
  const lines: string[] = [];
  const walk = async (folder: string): Promise<boolean> => {
    const entries = [];
    try {
      for await (const entry of await opendir(folder)) entries.push(entry);
    } catch {
      return false;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
        if (!(await walk(full))) return false;
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        const info = await statOrUndefined(full);
        if (!info) continue;
        lines.push(`${path.relative(dir, full)} ${info.size} ${info.mtimeMs}`);
        if (lines.length > MAX_FILES) return false;
      }
    }
    return true;
  };
  return (await walk(dir)) ? lines.join("\n") : undefined;
}

async function nearestLockfile(from: string): Promise<string> {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const lock = path.join(dir, "node_modules", ".package-lock.json");
    const info = await statOrUndefined(lock);
    if (info) return `${lock} ${info.size} ${info.mtimeMs}`;
    if (path.dirname(dir) === dir) return "none";
  }
}

async function statOrUndefined(
  file: string,
): Promise<Awaited<ReturnType<typeof stat>> | undefined> {
  try {
    return await stat(file);
  } catch {
    return undefined;
  }
}
