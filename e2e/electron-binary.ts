/** Finds the Electron binary the way the electron package records it, without requiring it. */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export function electronBinary(): string | undefined {
  const pkg = path.join(repoRoot, "node_modules", "electron");
  const pathFile = path.join(pkg, "path.txt");
  if (!existsSync(pathFile)) return undefined;
  const binary = path.join(pkg, "dist", readFileSync(pathFile, "utf8").trim());
  return existsSync(binary) ? binary : undefined;
}
