/**
 * The preload: exposes a narrow `window.workbench` object — `call(name, args)`, answered by the
 * main process's `dispatch`, and an event subscription. Never the raw ipcRenderer.
 */
import { contextBridge, type IpcRendererEvent, ipcRenderer } from "electron";
import type { WorkbenchEvent } from "../../api/contract.ts";

// One door, as over HTTP: every call goes through `dispatch` in the main process and comes back
// as an outcome (result or error); the renderer's client turns an error into the same ApiError.
const api = {
  call: (name: string, args: unknown[]) => ipcRenderer.invoke("workbench:call", name, args),
  subscribe: (listener: (event: WorkbenchEvent) => void) => {
    const handler = (_event: IpcRendererEvent, payload: WorkbenchEvent) => listener(payload);
    ipcRenderer.on("workbench:event", handler);
    return () => {
      ipcRenderer.removeListener("workbench:event", handler);
    };
  },
};

contextBridge.exposeInMainWorld("workbench", api);
