/**
 * The preload: exposes a narrow `window.workbench` object, one function per API call, and an
 * event subscription. Never the raw ipcRenderer.
 */
import { contextBridge, type IpcRendererEvent, ipcRenderer } from "electron";
import { WORKBENCH_CALLS, type WorkbenchEvent } from "../../api/contract.ts";

const api: Record<string, unknown> = {};
for (const name of WORKBENCH_CALLS) {
  api[name] = (...args: unknown[]) => ipcRenderer.invoke(`workbench:${name}`, ...args);
}
api.subscribe = (listener: (event: WorkbenchEvent) => void) => {
  const handler = (_event: IpcRendererEvent, payload: WorkbenchEvent) => listener(payload);
  ipcRenderer.on("workbench:event", handler);
  return () => {
    ipcRenderer.removeListener("workbench:event", handler);
  };
};

contextBridge.exposeInMainWorld("workbench", api);
