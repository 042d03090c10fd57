/** Where the app keeps its files: `$AGENTIC_HOME` or a per-user data folder, and its plugins. */
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

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

/** The repository's own `plugins/` folder (the example plugins). */
export function appPluginsDir(): string {
  return fileURLToPath(new URL("../../plugins", import.meta.url));
}

/** Default plugin folders: the app's `plugins/` and `$AGENTIC_HOME/plugins`. */
export function defaultPluginDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  return [appPluginsDir(), path.join(agenticHome(env), "plugins")];
}
