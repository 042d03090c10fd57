/**
 * Adds one case to a suite file's text ("Save as test case"). YAML goes through the `yaml`
 * Document API, so the file's comments, key order and other cases stay as the author wrote
 * them; JSON is rewritten with two-space indentation. The result is parsed again with the suite
 * format before anyone writes it, so a case the format refuses never reaches the disk.
 */
import { Document, isMap, isSeq, parseDocument } from "yaml";
import { type Expectation, isJson, parseSuite, SuiteFileError } from "./suite-format.ts";

/** The case to add, as the UI sends it. */
export interface NewCase {
  name: string;
  tool: string;
  params: Record<string, unknown>;
  expect: Expectation | "golden";
}

/** A case of that name is already in the file: saving would make two cases one cannot tell apart. */
export class CaseClashError extends Error {
  readonly code = "CASE_EXISTS";
  readonly hint = "choose another case name, or edit the existing case in the file";
  constructor(file: string, name: string) {
    super(`${file} already has a case named ${JSON.stringify(name)}`);
  }
}

/**
 * The text of `file` with `newCase` appended (`text` undefined: a new file naming the tool once
 * at the top). Throws SuiteFileError when the file is malformed (fix it first: appending would
 * hide what is wrong) and CaseClashError on a name already taken.
 */
export function appendCase(file: string, text: string | undefined, newCase: NewCase): string {
  const next =
    text === undefined
      ? newSuiteText(file, newCase)
      : isJson(file)
        ? appendJson(file, text, newCase)
        : appendYaml(file, text, newCase);
  // The whole file must still read as a suite: this also checks the case's own fields.
  parseSuite(file, next);
  return next;
}

function newSuiteText(file: string, c: NewCase): string {
  const entry = caseEntry(c, c.tool);
  if (isJson(file)) return `${JSON.stringify({ tool: c.tool, cases: [entry] }, null, 2)}\n`;
  const doc = new Document({ tool: c.tool, cases: [] });
  doc.commentBefore = " Saved from Agentic Workbench; run with `agentic test` or the Tests view.";
  const cases = doc.get("cases");
  if (isSeq(cases)) {
    cases.flow = false;
    cases.add(yamlCase(doc, entry));
  }
  return doc.toString();
}

function appendYaml(file: string, text: string, c: NewCase): string {
  const existing = parseSuite(file, text);
  if (existing.cases.some((x) => x.name === c.name)) throw new CaseClashError(file, c.name);
  const doc = parseDocument(text);
  const suiteTool = doc.get("tool");
  const cases = doc.get("cases");
  if (!isSeq(cases)) throw new SuiteFileError(file, ["suite: cases is not a list"]);
  // A block list stays block; a flow list (`cases: []`) becomes block so the case reads well.
  cases.flow = false;
  cases.add(yamlCase(doc, caseEntry(c, typeof suiteTool === "string" ? suiteTool : undefined)));
  return doc.toString();
}

function appendJson(file: string, text: string, c: NewCase): string {
  const existing = parseSuite(file, text);
  if (existing.cases.some((x) => x.name === c.name)) throw new CaseClashError(file, c.name);
  const data = JSON.parse(text) as { tool?: unknown; cases: unknown[] };
  data.cases.push(caseEntry(c, typeof data.tool === "string" ? data.tool : undefined));
  return `${JSON.stringify(data, null, 2)}\n`;
}

/** The case as written: its tool left out when the suite's default names it. */
function caseEntry(c: NewCase, suiteTool: string | undefined): Record<string, unknown> {
  return {
    name: c.name,
    ...(c.tool === suiteTool ? {} : { tool: c.tool }),
    params: c.params,
    expect: c.expect,
  };
}

function yamlCase(doc: Document, entry: Record<string, unknown>) {
  const node = doc.createNode(entry);
  if (!isMap(node)) return node;
  // Short params and expectations on one line, like the hand-written cases and the goldens.
  for (const key of ["params", "expect"]) {
    const value = node.get(key, true);
    if (isMap(value) && JSON.stringify(entry[key]).length <= 80) value.flow = true;
  }
  return node;
}
