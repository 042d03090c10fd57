/**
 * How plugin source becomes code jiti can evaluate: TypeScript and ES modules turned into
 * CommonJS by Sucrase, which does in one fast pass what jiti's Babel does slowly — measured on
 * 1,000 generated plugins, cold: 1.1–1.5 s with Sucrase against 9–10 s with Babel (BENCHMARKS.md).
 * Sucrase does not lower top-level await or `import.meta` to CommonJS, so a module using either
 * still goes through jiti's own Babel transform.
 */
import { createRequire } from "node:module";
import path from "node:path";
import type { TransformOptions, TransformResult } from "jiti";
import { transform as sucrase, type Transform } from "sucrase";

type Babel = (options: TransformOptions) => TransformResult;

// Not named `require`: electron-vite's ESM shim declares a `require` in any chunk that uses one,
// and a second declaration in the same chunk is a SyntaxError that breaks the built CLI.
const requireHere = createRequire(import.meta.url);
let babel: Babel | undefined;

/** jiti's bundled Babel transform (not in its exports map, so found beside its package.json). */
function jitiBabel(): Babel {
  babel ??= requireHere(
    path.join(path.dirname(requireHere.resolve("jiti/package.json")), "dist", "babel.cjs"),
  ) as Babel;
  return babel;
}

/** The `transform` option for jiti. */
export function transformPlugin(options: TransformOptions): TransformResult {
  if (options.async || options.source.includes("import.meta")) return jitiBabel()(options);
  const transforms: Transform[] = options.ts ? ["typescript", "imports"] : ["imports"];
  try {
    const { code } = sucrase(options.source, {
      transforms,
      ...(options.filename ? { filePath: options.filename } : {}),
      // Keep `import "./side-effect"` and type-only-looking imports as written.
      keepUnusedImports: true,
    });
    return { code };
  } catch (error) {
    // Sucrase's parse errors carry the position; thrown as syntax errors, as Babel's are (jiti
    // would evaluate an empty module if the error were only returned).
    throw new SyntaxError(`${(error as Error).message}`);
  }
}
