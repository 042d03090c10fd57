// The plugin host's entry (a worker thread). Plain JavaScript so that it starts the same under
// tsx, Vitest and Electron's bundle: jiti, which already loads the plugins, compiles the host.
import { createJiti } from "jiti";

const jiti = createJiti(import.meta.url, { moduleCache: true, fsCache: true });
const host = jiti("./host-worker.ts");
host.startHost();
