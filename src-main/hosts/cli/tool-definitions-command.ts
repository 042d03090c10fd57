/**
 * `agentic tools snapshot` (every tool's definition as JSON on stdout) and
 * `agentic tools diff OLD.json [NEW.json]` (default NEW: the tools now): added and removed tools
 * and each schema change, breaking or compatible. Exit 1 on a breaking change, 2 for a bad file.
 */
import { readFile } from "node:fs/promises";
import {
  type DefinitionsDiff,
  diffDefinitions,
  parseSnapshot,
  SnapshotFileError,
  snapshotRegistry,
  type ToolsSnapshot,
} from "../../api/tool-tests.ts";
import type { Workbench } from "../../api/workbench.ts";
import { EXIT, printJson, UsageError } from "./output.ts";

/** Prints the snapshot of every registered tool. */
export function snapshotDefinitions(workbench: Workbench): void {
  printJson(snapshotRegistry(workbench.registry));
}

/** Compares two snapshots (or one with the tools now) and prints the changes. */
export async function diffToolDefinitions(
  workbench: Workbench,
  oldFile: string,
  newFile: string | undefined,
  options: { json?: boolean },
): Promise<number> {
  const before = await readSnapshot(oldFile);
  const after = newFile ? await readSnapshot(newFile) : snapshotRegistry(workbench.registry);
  const diff = diffDefinitions(before, after);
  if (options.json) printJson(diff);
  else process.stdout.write(`${formatDiff(diff).join("\n")}\n`);
  return diff.breaking ? EXIT.toolFailed : EXIT.ok;
}

async function readSnapshot(file: string): Promise<ToolsSnapshot> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return parseSnapshot(file, text);
  } catch (error) {
    if (error instanceof SnapshotFileError) throw new UsageError(error.message, error.hint);
    throw error;
  }
}

function formatDiff(diff: DefinitionsDiff): string[] {
  const lines: string[] = [];
  for (const name of diff.added) lines.push(`+ ${name}  (added, compatible)`);
  for (const name of diff.removed) lines.push(`- ${name}  (removed, breaking)`);
  let breaking = diff.removed.length;
  let compatible = diff.added.length;
  for (const tool of diff.changed) {
    lines.push(`~ ${tool.name}`);
    for (const change of tool.changes) {
      if (change.kind === "breaking") breaking++;
      else compatible++;
      lines.push(`    ${change.kind.padEnd(10)}  ${change.path}: ${change.message}`);
    }
  }
  if (lines.length === 0) return ["no changes"];
  lines.push(`${breaking} breaking, ${compatible} compatible change${compatible === 1 ? "" : "s"}`);
  return lines;
}
