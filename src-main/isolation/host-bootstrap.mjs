// The plugin host's entry (a worker thread). Plain JavaScript so that it starts the same under
// tsx, Vitest and Electron's bundle: jiti, which already loads the plugins, compiles the host.
import { createJiti } from "jiti";

const jiti = createJiti(import.meta.url, { moduleCache: true, fsCache: true });
const host = jiti("./host-worker.ts");
// This file is not transpiled, so its import() is Node's own: the host imports one-file ES-module
// plugins with it (core/native-plugin-import.ts).
host.startHost({ importNatively: (url) => import(url) });
