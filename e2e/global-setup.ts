// The specs drive the built renderer: build it first when the sources are newer than the build.
import { buildIfStale } from "../scripts/build-if-stale.mjs";

export default function globalSetup(): void {
  if (!buildIfStale())
    throw new Error("electron-vite build failed; the e2e specs need the built renderer");
}
