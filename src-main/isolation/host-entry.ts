/**
 * The plugin host's entry as the build bundles it (out/main/plugin-host.js): the worker then runs
 * built JavaScript, as its parent does, instead of compiling the host's TypeScript with jiti at
 * every start. From source (tsx, Vitest) the worker starts from host-bootstrap.mjs instead.
 */
import { startHost } from "./host-worker.ts";

// A dynamic import with a variable URL: the bundler leaves it to Node (the native one-file
// plugin import, core/native-plugin-import.ts).
startHost({ importNatively: (url) => import(url) });
