import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.tsx";
import { connectApi } from "./lib/http-api.ts";
import { useWorkbench } from "./lib/store.ts";
import "react-json-view-lite/dist/index.css";
import "./styles.css";

void useWorkbench.getState().connect(connectApi());
createRoot(document.getElementById("root") as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
