/**
 * Writes recorded goldens back into their suite file. YAML goes through the `yaml` Document API,
 * so comments, key order and the other cases stay as the author wrote them; JSON is rewritten
 * with two-space indentation.
 */
import { randomBytes } from "node:crypto";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { isMap, parseDocument } from "yaml";
import { type Expectation, isJson } from "./suite-format.ts";

/** A case's new expectation, by its position in `cases`. */
export interface RecordedGolden {
  index: number;
  expect: Expectation;
}

/** Replaces each case's `expect` with its recorded golden. */
export async function writeGoldens(file: string, goldens: RecordedGolden[]): Promise<void> {
  if (goldens.length === 0) return;
  const next = applyGoldens(file, await readFile(file, "utf8"), goldens);
  // Through a temporary file and a rename, so an interrupted write never leaves half a suite.
  // A random name opened with "wx": a file or link planted at a guessable name in an untrusted
  // workspace is never written through.
  const temp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  await writeFile(temp, next, { flag: "wx" });
  await rename(temp, file).catch(async (error: unknown) => {
    await rm(temp, { force: true });
    throw error;
  });
}

/** The suite's text with each case's `expect` replaced by its recorded golden. */
export function applyGoldens(file: string, text: string, goldens: RecordedGolden[]): string {
  return isJson(file) ? updateJson(text, goldens) : updateYaml(text, goldens);
}

function updateYaml(text: string, goldens: RecordedGolden[]): string {
  const doc = parseDocument(text);
  for (const { index, expect } of goldens) {
    const node = doc.getIn(["cases", index]);
    if (!isMap(node)) continue;
    const value = doc.createNode(expect);
    // A one-line flow map (`{ ok: true, value: 20 }`) reads like the hand-written cases.
    if (JSON.stringify(expect).length <= 80) value.flow = true;
    node.set("expect", value);
  }
  return doc.toString();
}

function updateJson(text: string, goldens: RecordedGolden[]): string {
  const data = JSON.parse(text) as { cases: Record<string, unknown>[] };
  for (const { index, expect } of goldens) {
    const c = data.cases[index];
    if (c) c.expect = expect;
  }
  return `${JSON.stringify(data, null, 2)}\n`;
}
