/**
 * Finds plugin candidates: files and folders in plugin folders, and npm packages in the
 * workspace's node_modules whose package.json lists the keyword `agentic-plugin`.
 */
import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";

/** Extensions loaded from plugin folders. */
export const PLUGIN_EXTENSIONS = [".js", ".mjs", ".cjs", ".ts", ".mts", ".cts"];
const INDEX_NAMES = PLUGIN_EXTENSIONS.map((ext) => `index${ext}`);

/** Something that may be a plugin. */
export interface PluginCandidate {
  id: string;
  kind: "file" | "folder" | "package";
  /** The module to import; undefined when no entry could be found. */
  entry: string | undefined;
  name: string;
  version?: string;
  source: string;
}

/** Whether a folder entry is a plugin file by its name (not hidden, not `_helper`, not `.d.ts`). */
export function isPluginFileName(fileName: string): boolean {
  if (fileName.startsWith(".") || fileName.startsWith("_")) return false;
  if (/\.d\.[mc]?ts$/.test(fileName) || /\.(test|spec)\.[mc]?[jt]s$/.test(fileName)) return false;
  return PLUGIN_EXTENSIONS.includes(path.extname(fileName));
}

/** The candidate for one entry of a plugin folder, or undefined when it is not one. */
export async function candidateAt(fullPath: string): Promise<PluginCandidate | undefined> {
  const base = path.basename(fullPath);
  if (base.startsWith(".") || base.startsWith("_") || base === "node_modules") return undefined;
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(fullPath);
  } catch {
    return undefined;
  }
  if (info.isFile()) {
    if (!isPluginFileName(base)) return undefined;
    return {
      id: fullPath,
      kind: "file",
      entry: fullPath,
      name: base.replace(/\.[^.]+$/, ""),
      source: `file:${fullPath}`,
    };
  }
  if (!info.isDirectory()) return undefined;
  const pkg = await readPackageJson(fullPath);
  return {
    id: fullPath,
    kind: "folder",
    entry: await entryOf(fullPath, pkg),
    name: typeof pkg?.name === "string" ? pkg.name : base,
    ...(typeof pkg?.version === "string" ? { version: pkg.version } : {}),
    source: `file:${fullPath}`,
  };
}

/** Candidates in one plugin folder, sorted by name so load order is stable. */
export async function discoverInFolder(dir: string): Promise<PluginCandidate[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  names.sort();
  const found = await Promise.all(names.map((name) => candidateAt(path.join(dir, name))));
  return found.filter((c): c is PluginCandidate => c !== undefined);
}

/**
 * Remembers what a node_modules scan found, under a key made of the folder's package list and
 * npm's own lock file in it (rewritten on every install): reading every package.json of a large
 * node_modules costs more than the rest of a short command's start.
 */
export interface PackageScanCache {
  get(modulesDir: string, key: string): Promise<PluginCandidate[] | undefined>;
  set(modulesDir: string, key: string, found: PluginCandidate[]): Promise<void>;
}

/** npm packages in `<workspace>/node_modules` (and scoped folders) marked `agentic-plugin`. */
export async function discoverPackages(
  workspaceRoot: string,
  cache?: PackageScanCache,
): Promise<PluginCandidate[]> {
  const modules = path.join(workspaceRoot, "node_modules");
  const dirs: string[] = [];
  for (const name of await readdirOrEmpty(modules)) {
    if (name.startsWith(".")) continue;
    if (name.startsWith("@")) {
      for (const inner of await readdirOrEmpty(path.join(modules, name))) {
        dirs.push(path.join(modules, name, inner));
      }
    } else dirs.push(path.join(modules, name));
  }
  if (dirs.length === 0) return [];
  const key = cache ? await scanKey(modules, dirs) : undefined;
  const known = key ? await cache?.get(modules, key) : undefined;
  if (known) return known;
  const found = await scanPackages(dirs);
  if (key) await cache?.set(modules, key, found);
  return found;
}

async function scanKey(modules: string, dirs: string[]): Promise<string | undefined> {
  try {
    const lock = await stat(path.join(modules, ".package-lock.json"));
    return createHash("sha256")
      .update(`${lock.size} ${lock.mtimeMs}\n${dirs.join("\n")}`)
      .digest("hex")
      .slice(0, 32);
  } catch {
    // No lock file (not installed by npm): nothing tells a changed package apart; always scan.
    return undefined;
  }
}

async function scanPackages(dirs: string[]): Promise<PluginCandidate[]> {
  const found = await Promise.all(
    dirs.map(async (dir): Promise<PluginCandidate | undefined> => {
      // Most of node_modules is not a plugin: parse only the package.json files that mention it.
      const pkg = await readPackageJson(dir, "agentic-plugin");
      const keywords = pkg?.keywords;
      if (!Array.isArray(keywords) || !keywords.includes("agentic-plugin")) return undefined;
      const name = typeof pkg?.name === "string" ? pkg.name : path.basename(dir);
      return {
        id: dir,
        kind: "package",
        entry: await entryOf(dir, pkg),
        name,
        ...(typeof pkg?.version === "string" ? { version: pkg.version } : {}),
        source: `package:${name}`,
      };
    }),
  );
  return found
    .filter((c): c is PluginCandidate => c !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name));
}

type PackageJson = Record<string, unknown> | undefined;

/** The folder's package.json, parsed; undefined when absent, malformed or not mentioning `mustMention`. */
async function readPackageJson(dir: string, mustMention?: string): Promise<PackageJson> {
  try {
    const text = await readFile(path.join(dir, "package.json"), "utf8");
    if (mustMention !== undefined && !text.includes(mustMention)) return undefined;
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

async function entryOf(dir: string, pkg: PackageJson): Promise<string | undefined> {
  const declared = declaredEntry(pkg);
  const options = declared ? [declared] : INDEX_NAMES;
  for (const option of options) {
    const full = path.resolve(dir, option);
    // An entry must stay inside its folder: a package cannot point us elsewhere.
    if (!full.startsWith(dir + path.sep)) continue;
    if (await isFile(full)) return full;
  }
  return undefined;
}

function declaredEntry(pkg: PackageJson): string | undefined {
  if (!pkg) return undefined;
  const exportsField = pkg.exports;
  if (typeof exportsField === "string") return exportsField;
  if (exportsField && typeof exportsField === "object") {
    const dot = (exportsField as Record<string, unknown>)["."] ?? exportsField;
    if (typeof dot === "string") return dot;
    if (dot && typeof dot === "object") {
      const conditions = dot as Record<string, unknown>;
      for (const key of ["import", "node", "default", "require"]) {
        if (typeof conditions[key] === "string") return conditions[key] as string;
      }
    }
  }
  if (typeof pkg.module === "string") return pkg.module;
  if (typeof pkg.main === "string") return pkg.main;
  return undefined;
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

async function readdirOrEmpty(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}
