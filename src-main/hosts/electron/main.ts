/**
 * Electron's main process: one window, the Workbench API over IPC, nothing else. The core, the
 * handlers and the renderer are the ones the web host serves; this file only wires them.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { app, BrowserWindow, dialog, type IpcMainInvokeEvent, ipcMain, shell } from "electron";
import { APP_VERSION } from "../../api/app-paths.ts";
import { type CallOutcome, dispatch } from "../../api/dispatch.ts";
import { createStreamLogger } from "../../api/logging.ts";
import { createWorkbench } from "../../api/workbench.ts";
import { createWorkbenchService } from "../../api/workbench-service.ts";
import { isOpenableExternally, mainWindowOptions } from "./window-options.ts";

const RENDERER_URL = process.env.ELECTRON_RENDERER_URL; // set by electron-vite in dev mode
const here = path.dirname(fileURLToPath(import.meta.url)); // out/main after the build
const rendererFile = path.join(here, "../renderer/index.html");

/** The values of `--name VALUE` in the app's arguments (the same flags as the CLI's). */
function argValues(name: string): string[] {
  const values: string[] = [];
  process.argv.forEach((arg, i) => {
    const next = process.argv[i + 1];
    if (arg === name && next !== undefined) values.push(next);
  });
  return values;
}

async function start(): Promise<void> {
  await app.whenReady();
  const logger = createStreamLogger({ minLevel: "info" });
  const [workspace] = argValues("--workspace");
  const workbench = await createWorkbench({
    watch: true,
    // The window opens with the built-in tools; plugins and MCP servers join as they load.
    waitForPlugins: false,
    logger,
    pluginDirs: argValues("--plugins-dir"),
    ...(workspace ? { workspaceRoot: workspace } : {}),
  });
  const options = mainWindowOptions(path.join(here, "../preload/index.cjs"));
  const window = new BrowserWindow({
    ...options,
    // Repeated from mainWindowOptions() so that a static scanner (electronegativity) sees them here.
    webPreferences: {
      ...options.webPreferences,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });

  const service = createWorkbenchService(workbench, {
    host: "electron",
    version: APP_VERSION,
    pickFolder: async () => {
      const picked = await dialog.showOpenDialog(window, {
        properties: ["openDirectory"],
        title: "Choose the workspace folder",
      });
      return picked.canceled ? null : (picked.filePaths[0] ?? null);
    },
  });

  // Only our own window's top frame may call the API.
  const trusted = (event: IpcMainInvokeEvent): boolean => {
    const frameUrl = event.senderFrame?.url ?? "";
    const ours = RENDERER_URL ? frameUrl.startsWith(RENDERER_URL) : frameUrl.startsWith("file://");
    return (
      event.sender === window.webContents &&
      event.senderFrame === window.webContents.mainFrame &&
      ours
    );
  };
  ipcMain.handle("workbench:call", (event, name: unknown, args: unknown): Promise<CallOutcome> => {
    if (!trusted(event))
      throw new Error(`refused ${String(name)}: the caller is not the workbench window`);
    return dispatch(service, typeof name === "string" ? name : "", args);
  });
  const unsubscribe = service.subscribe((event) => {
    if (!window.isDestroyed()) window.webContents.send("workbench:event", event);
  });

  // The workbench needs no camera, microphone, notifications or other permissions: refuse all.
  window.webContents.session.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false),
  );
  window.webContents.session.setPermissionCheckHandler(() => false);
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (isOpenableExternally(url)) void shell.openExternal(url);
    return { action: "deny" };
  });
  window.webContents.on("will-navigate", (event) => event.preventDefault());
  window.webContents.on("will-attach-webview", (event) => event.preventDefault());
  window.once("ready-to-show", () => window.show());

  const loading = RENDERER_URL ? window.loadURL(RENDERER_URL) : window.loadFile(rendererFile);
  workbench
    .loadToolSources()
    .catch((error: unknown) => logger.error("loading plugins failed", { error: String(error) }));
  await loading;

  // Quit waits (bounded: tracing gives up after a few seconds) for history and traces to be
  // written and exported, then exits for real.
  let closing = false;
  app.on("before-quit", (event) => {
    if (closing) return;
    closing = true;
    event.preventDefault();
    unsubscribe();
    service.close();
    workbench
      .close()
      .catch((error: unknown) =>
        logger.error("closing the workbench failed", { error: String(error) }),
      )
      .finally(() => app.exit(0));
  });
  app.on("window-all-closed", () => app.quit());
}

start().catch((error: unknown) => {
  process.stderr.write(`Agentic Workbench failed to start: ${(error as Error).message}\n`);
  app.exit(1);
});
