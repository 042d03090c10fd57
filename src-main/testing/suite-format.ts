/**
 * A test suite file (`agentic-tests/*.yaml|yml|json`) read into cases, checked against the suite
 * format's own JSON Schema (schemas/agentic-test-suite.schema.json, the one source of truth,
 * usable by editors too). A bad file is a SuiteFileError naming the file, the case and the field.
 */
import path from "node:path";
import { Ajv, type ErrorObject } from "ajv";
import { parseDocument } from "yaml";
import suiteSchema from "../../schemas/agentic-test-suite.schema.json" with { type: "json" };
import { CALL_ERRORS } from "../core/error-catalogue.ts";
import { parseTextMatcher } from "./text-matcher.ts";

/** What a case expects of its result; every key given must hold. */
export interface Expectation {
  /** Recorded by `agentic test --update`: the result is re-recorded then, and run twice. */
  golden?: boolean;
  ok?: boolean;
  value?: unknown;
  valueMatches?: Record<string, unknown>;
  contains?: unknown;
  code?: string;
  message?: string;
  maxDurationMs?: number;
  maxCostUsd?: number;
}

/** One saved call: a tool, its parameters and what its result must be. */
export interface TestCase {
  name: string;
  tool: string;
  params: Record<string, unknown>;
  serial: boolean;
  skip: boolean;
  /** `"golden"`: not recorded yet (`agentic test --update` records it). */
  expect: Expectation | "golden";
  /** Position in the file's `cases`, for error messages and for writing goldens back. */
  index: number;
}

/** One file's cases. */
export interface Suite {
  /** The file, as given (absolute). */
  file: string;
  name: string;
  cases: TestCase[];
}

/** A malformed suite file: where (file, case, field) and what is wrong. */
export class SuiteFileError extends Error {
  readonly code = "INVALID_TEST_SUITE";
  readonly file: string;
  readonly problems: string[];
  readonly hint: string;
  constructor(file: string, problems: string[]) {
    super(`${file}: ${problems.join("; ")}`);
    this.file = file;
    this.problems = problems;
    this.hint = CALL_ERRORS.INVALID_TEST_SUITE.hint;
  }
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validateSuite = ajv.compile(suiteSchema);
// A second Ajv only compiles the cases' own `valueMatches` schemas, to report a bad one early.
const valueSchemas = new Ajv({ allErrors: true, strict: false });

/** Parses and checks one suite's text (YAML, or JSON, which YAML reads too). */
export function parseSuite(file: string, text: string): Suite {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new SuiteFileError(
      file,
      doc.errors.map((e) => `not valid ${isJson(file) ? "JSON" : "YAML"}: ${e.message}`),
    );
  }
  const data = doc.toJS() as unknown;
  if (!validateSuite(data)) {
    throw new SuiteFileError(file, describeErrors(data, validateSuite.errors ?? []));
  }
  const raw = data as { name?: string; tool?: string; cases: Record<string, unknown>[] };
  const problems: string[] = [];
  const cases = raw.cases.map((c, index): TestCase => {
    const where = caseLabel(c, index);
    const tool = (c.tool as string | undefined) ?? raw.tool;
    if (!tool) problems.push(`${where}: tool is missing (name it in the case or at the top)`);
    const expect = (c.expect as Expectation | "golden" | undefined) ?? {};
    if (typeof expect === "object") problems.push(...checkExpectation(expect, where));
    return {
      name: c.name as string,
      tool: tool ?? "",
      params: (c.params as Record<string, unknown> | undefined) ?? {},
      serial: c.serial === true,
      skip: c.skip === true,
      expect,
      index,
    };
  });
  if (problems.length > 0) throw new SuiteFileError(file, problems);
  return { file, name: raw.name ?? path.basename(file).replace(/\.(ya?ml|json)$/i, ""), cases };
}

/** Whether the file is JSON (written back as JSON) rather than YAML. */
export function isJson(file: string): boolean {
  return file.toLowerCase().endsWith(".json");
}

/** Checks what the schema cannot: the message regex compiles, valueMatches is a schema. */
function checkExpectation(expect: Expectation, where: string): string[] {
  const problems: string[] = [];
  if (expect.message !== undefined) {
    const matcher = parseTextMatcher(expect.message);
    if ("error" in matcher) problems.push(`${where}: expect.message: ${matcher.error}`);
  }
  if (expect.valueMatches !== undefined) {
    try {
      valueSchemas.compile(expect.valueMatches);
    } catch (error) {
      problems.push(
        `${where}: expect.valueMatches is not a valid JSON Schema: ${(error as Error).message}`,
      );
    }
  }
  return problems;
}

/** Ajv's errors as `case "name" (cases[1]): expect.maxDurationMs must be >= 0`, one per field. */
function describeErrors(data: unknown, errors: ErrorObject[]): string[] {
  // `expect` is a oneOf ("golden" or an object): its const/oneOf errors only repeat the real one.
  const specific = errors.filter((e) => e.keyword !== "oneOf" && e.keyword !== "const");
  const chosen = specific.length > 0 ? specific : errors;
  const seen = new Set<string>();
  const out: string[] = [];
  for (const error of chosen) {
    const line = describeError(data, error);
    if (!seen.has(line)) {
      seen.add(line);
      out.push(line);
    }
  }
  return out;
}

function describeError(data: unknown, error: ErrorObject): string {
  const parts = error.instancePath.split("/").slice(1).map(unescapePointer);
  let field = parts;
  let where = "suite";
  if (parts[0] === "cases" && parts[1] !== undefined) {
    const index = Number(parts[1]);
    const c = (data as { cases: unknown[] }).cases[index];
    where = caseLabel(c, index);
    field = parts.slice(2);
  }
  if (error.keyword === "additionalProperties") {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    return `${where}: unknown field ${[...field, extra].join(".")}`;
  }
  if (error.keyword === "required") {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    return `${where}: ${[...field, missing].join(".")} is missing`;
  }
  return `${where}: ${field.length > 0 ? field.join(".") : "the file"} ${error.message ?? "is invalid"}`;
}

function caseLabel(c: unknown, index: number): string {
  const name = (c as { name?: unknown } | null)?.name;
  return typeof name === "string" ? `case "${name}" (cases[${index}])` : `cases[${index}]`;
}

function unescapePointer(part: string): string {
  return part.replace(/~1/g, "/").replace(/~0/g, "~");
}
