/**
 * The catalogue of error codes: every code an invocation result or an API call answers with, what
 * it means, and the hint given when the place that fails has nothing more specific to say. Clients
 * (the UI, the CLI, MCP) branch on the code and show the message and hint; they never parse text.
 * Plain data, so core keeps importing nothing outward; the API layer reads its own half through
 * api/call-error.ts.
 */
import type { ErrorCode } from "./errors.ts";

/** One code as the catalogue lists it. */
export interface ErrorCodeEntry {
  /** What the code means, in one line. */
  meaning: string;
  /** What the user can do, unless the failure knows better. */
  hint?: string;
}

/** The codes of a failed invocation (`ToolFailure.code`), as the registry and its middleware set them. */
export const INVOCATION_ERRORS = {
  NOT_FOUND: {
    meaning: "no tool of that name is registered (details.suggestions holds near names)",
    hint: "run `agentic tools list` to see the registered tools",
  },
  VALIDATION_ERROR: {
    meaning: "the parameters do not fit the tool's schema, or its validateParams refused them",
    hint: "fix the fields listed and try again",
  },
  TIMEOUT: {
    meaning: "the tool ran longer than its timeout and was stopped",
    hint: "raise the timeout (--timeout MS, or timeoutMs in the tool's metadata)",
  },
  CANCELLED: {
    meaning: "the caller cancelled the invocation (or the run it belonged to)",
  },
  TOOL_ERROR: {
    meaning: "the tool threw, or its plugin host could not run it; the message is the tool's",
  },
  RESULT_NOT_SERIALIZABLE: {
    meaning: "the tool returned something that is not plain JSON data",
    hint: "return plain JSON data (convert BigInt to string, drop functions and cycles)",
  },
} as const satisfies Record<ErrorCode, ErrorCodeEntry>;

/** The codes a Workbench API call fails with (over IPC, HTTP and in-process alike). */
export const CALL_ERRORS = {
  UNKNOWN_CALL: {
    meaning: "no API call of that name",
    hint: "the calls are listed in src-main/api/contract.ts (WorkbenchCalls)",
  },
  VALIDATION_ERROR: {
    meaning:
      "the arguments do not fit the call's request schema, or a value in them is refused (the field is named)",
    hint: "see the call's request type in src-main/api/contract.ts",
  },
  NOT_FOUND: {
    meaning:
      "what the call names is not there (any more): an agent run, an approval, a workspace file, a suite or a case",
  },
  CONFLICT: {
    meaning:
      "the call clashes with something under way or changed meanwhile: a runId already running, a suite edited during a run",
  },
  TRUST_STALE: {
    meaning: "the workspace file changed since it was shown, so it is not trusted",
    hint: "look at the file again and trust its new content",
  },
  INVALID_SUITE_PATH: {
    meaning: "a suite path that is not a .yaml, .yml or .json file inside agentic-tests/",
    hint: 'name a .yaml, .yml or .json file inside agentic-tests/, e.g. "tools.yaml" or "math/calculator.yaml"',
  },
  INVALID_TEST_SUITE: {
    meaning: "the suite file named is malformed (its problems are listed)",
    hint: "see the suite format in schemas/agentic-test-suite.schema.json",
  },
  CALL_FAILED: {
    meaning: "the handler failed in a way it gave no code for; the message says why",
  },
  RESULT_SCHEMA: {
    meaning:
      "the handler's result does not fit the call's result schema (checked when asked, as the tests do; the field is named)",
    hint: "map the internal value to the wire shape in src-main/api/call-results.ts",
  },
} as const satisfies Record<string, ErrorCodeEntry>;

/** Why a call did not answer: one of CALL_ERRORS' codes. */
export type CallErrorCode = keyof typeof CALL_ERRORS;

/** The default hint of a call code, if it has one. */
export function callHint(code: CallErrorCode): string | undefined {
  const entry: ErrorCodeEntry = CALL_ERRORS[code];
  return entry.hint;
}
