// Finds the Electron binary the way the electron package records it (path.txt), without
// requiring `electron`, which would try to download the binary.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { root } from "./build-if-stale.mjs";

/** The binary's path, or undefined where it is not installed. */
export function electronBinary() {
  const pkg = path.join(root, "node_modules", "electron");
  const pathFile = path.join(pkg, "path.txt");
  if (!existsSync(pathFile)) return undefined;
  const binary = path.join(pkg, "dist", readFileSync(pathFile, "utf8").trim());
  return existsSync(binary) ? binary : undefined;
}
