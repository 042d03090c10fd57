import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.tsx";
import { useAgent } from "./lib/agent-store.ts";
import { connectApi, onConnectionChange } from "./lib/http-api.ts";
import { useWorkbench } from "./lib/store.ts";
import "react-json-view-lite/dist/index.css";
import "./styles.css";

onConnectionChange((state) => useWorkbench.getState().setConnected(state === "connected"));
const api = connectApi();
void useWorkbench.getState().connect(api);
// Agent runs follow the same API's events; they go on while other views are shown.
useAgent.getState().attach(api);
createRoot(document.getElementById("root") as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
