/**
 * What short-lived commands remember between runs in `$AGENTIC_HOME/cache/` so they need not
 * redo it: the plugins' metadata (isolation/metadata-cached-host.ts) and what the workspace's
 * node_modules holds in plugins (core/plugin-discovery.ts). Each is only a shortcut: a missing,
 * unreadable or outdated file means the work is done again, and AGENTIC_PLUGIN_CACHE=0 turns
 * both off.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { PackageScanCache, PluginCandidate } from "../core/plugin-discovery.ts";
import type { MetadataCacheStorage } from "../isolation/metadata-cached-host.ts";
import { writeAtomically } from "./atomic-file.ts";

/** `$AGENTIC_HOME/cache/<name>.json` as text: owner-only, written whole or not at all. */
export function cacheFile(home: string, name: string): MetadataCacheStorage {
  const file = path.join(home, "cache", `${name}.json`);
  return {
    read: () => readFile(file, "utf8").catch(() => undefined),
    write: (text) => writeAtomically(file, text),
  };
}

type Scans = Record<string, { key: string; found: PluginCandidate[] }>;

/** The node_modules scans, one per folder, in `cache/workspace-packages.json`. */
export function packageScanCache(home: string): PackageScanCache {
  const storage = cacheFile(home, "workspace-packages");
  let scans: Promise<Scans> | undefined;
  const load = () => {
    scans ??= storage.read().then((text) => {
      try {
        const parsed = text ? (JSON.parse(text) as unknown) : undefined;
        return typeof parsed === "object" && parsed !== null ? (parsed as Scans) : {};
      } catch {
        return {};
      }
    });
    return scans;
  };
  return {
    async get(modulesDir, key) {
      const scan = (await load())[modulesDir];
      return scan?.key === key && Array.isArray(scan.found) ? scan.found : undefined;
    },
    async set(modulesDir, key, found) {
      const all = await load();
      all[modulesDir] = { key, found };
      // Not being able to remember only means scanning again next time.
      await storage.write(JSON.stringify(all)).catch(() => undefined);
    },
  };
}
