// Preloaded with `node --import` by start-up tests: appends the URL of every module the process
// (and its worker threads, which inherit --import) resolves to $AGENTIC_TEST_LOAD_LOG, one a line.
import { appendFileSync } from "node:fs";
import { registerHooks } from "node:module";

const log = process.env.AGENTIC_TEST_LOAD_LOG;
if (log) {
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const resolved = nextResolve(specifier, context);
      appendFileSync(log, `${resolved.url}\n`);
      return resolved;
    },
  });
}
