import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.tsx";
import { connectApi, onConnectionChange } from "./lib/http-api.ts";
import { useWorkbench } from "./lib/store.ts";
import "react-json-view-lite/dist/index.css";
import "./styles.css";

onConnectionChange((state) => useWorkbench.getState().setConnected(state === "connected"));
void useWorkbench.getState().connect(connectApi());
createRoot(document.getElementById("root") as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
