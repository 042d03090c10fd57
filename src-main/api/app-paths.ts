/** Where the app keeps its files: `$AGENTIC_HOME` or a per-user data folder, and its plugins. */
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import packageJson from "../../package.json" with { type: "json" };

/** `$AGENTIC_HOME`, else the platform's per-user data folder for `agentic-workbench`. */
export function agenticHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.AGENTIC_HOME) return path.resolve(env.AGENTIC_HOME);
  const home = os.homedir();
  if (process.platform === "win32") {
    return path.join(env.APPDATA ?? path.join(home, "AppData", "Roaming"), "agentic-workbench");
  }
  if (process.platform === "darwin") {
    return path.join(home, "Library", "Application Support", "agentic-workbench");
  }
  return path.join(env.XDG_DATA_HOME ?? path.join(home, ".local", "share"), "agentic-workbench");
}

let cachedRoot: string | undefined;

/**
 * The app's root folder (where its package.json is). Found by walking up from this module, so it
 * is right both from source (tsx, Vitest) and from electron-vite's bundle in `out/main`.
 */
export function appRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, "package.json");
    if (
      existsSync(manifest) &&
      readFileSync(manifest, "utf8").includes('"name": "agentic-workbench"')
    ) {
      cachedRoot = dir;
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new Error("cannot find the agentic-workbench package.json above the running code");
    dir = parent;
  }
}

/** The repository's own `plugins/` folder (the example plugins). */
export function appPluginsDir(): string {
  return path.join(appRoot(), "plugins");
}

/**
 * The module plugins import as `agentic-workbench`: the built JavaScript when this code is the
 * build (out/main/plugin-api.js), else the TypeScript source (jiti, or Node's type stripping).
 */
export function pluginApiModule(): string {
  return runningBuilt()
    ? path.join(appRoot(), "out", "main", "plugin-api.js")
    : path.join(appRoot(), "src-main", "core", "plugin-api.ts");
}

/** Whether this module runs from electron-vite's build (out/main), not from source. */
function runningBuilt(): boolean {
  return fileURLToPath(import.meta.url).startsWith(path.join(appRoot(), "out", "main") + path.sep);
}

/**
 * The plugin host's worker entry: the built one (out/main/plugin-host.js) when this code is the
 * build, so the worker runs the same build as its parent; else the source bootstrap, which
 * compiles the host's TypeScript with jiti (tsx, Vitest).
 */
export function pluginHostEntry(): string {
  return runningBuilt()
    ? path.join(appRoot(), "out", "main", "plugin-host.js")
    : path.join(appRoot(), "src-main", "isolation", "host-bootstrap.mjs");
}

/** Default plugin folders: the app's `plugins/` and `$AGENTIC_HOME/plugins`. */
export function defaultPluginDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  return [appPluginsDir(), path.join(agenticHome(env), "plugins")];
}

/** Where electron-vite puts the built renderer (served by the web host, loaded by Electron). */
export function rendererBuildDir(): string {
  return path.join(appRoot(), "out", "renderer");
}

/** The app's version, from package.json (inlined by the build, read as JSON from source). */
export const APP_VERSION: string = packageJson.version;
