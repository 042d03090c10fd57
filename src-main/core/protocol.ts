/**
 * The tool protocol: what a tool is, what it is told when it runs, and what it declares about
 * itself. Everything else in the workbench (registry, loader, hosts, UI) is built on these types.
 */
import type { Logger } from "./logger.ts";

/** A JSON Schema document (draft 2020-12 or draft-07 keywords; Ajv validates it). */
export type JsonSchema = { readonly [keyword: string]: unknown } | boolean;

/** Hints about side effects, carried over to MCP as `readOnlyHint` / `destructiveHint`. */
export interface ToolAnnotations {
  /** The tool does not change its environment. */
  readOnly?: boolean;
  /** The tool may delete or overwrite data. */
  destructive?: boolean;
}

/** What a tool declares about itself. */
export interface ToolMetadata {
  /** `@scope/name`: lowercase letters, digits, `-`, `_`, `.` in each part (see names.ts). */
  name: string;
  /** One or two sentences for people and for LLMs choosing a tool. */
  description: string;
  /** True when the same parameters always give the same result (a file read is not). */
  deterministic: boolean;
  /** Cost of one invocation in USD; 0 for local tools. */
  costPerInvocation: number;
  /** JSON Schema of the parameters object. */
  parametersSchema: JsonSchema;
  /** The tool's own version (semver recommended). */
  version?: string;
  /** JSON Schema of the value the tool returns; documentation only. */
  resultSchema?: JsonSchema;
  /** Per-tool timeout in milliseconds; overrides the registry's default. */
  timeoutMs?: number;
  /** Free-form labels for search and grouping. */
  tags?: string[];
  /** Side-effect hints. */
  annotations?: ToolAnnotations;
}

/** A progress report from a running tool; `total` omitted means indeterminate. */
export interface ProgressUpdate {
  progress: number;
  total?: number;
  message?: string;
}

/** What a running tool receives besides its parameters. Services arrive here, never as globals. */
export interface ToolContext {
  /** Aborted on cancellation or timeout; long-running tools must honour it. */
  readonly signal: AbortSignal;
  /** The folder that file and git tools are confined to (absolute, real path). */
  readonly workspaceRoot: string;
  /** Logger scoped to this invocation. */
  readonly logger: Logger;
  /** The name of the tool being invoked. */
  readonly toolName: string;
  /** Unique id of this invocation. */
  readonly invocationId: string;
  /** Reports progress to whoever started the invocation. */
  progress(update: ProgressUpdate): void;
  /** Adds a cost (USD) incurred by this call on top of `costPerInvocation`, e.g. an LLM call. */
  addCost(usd: number): void;
  /** Services handed in by the host (the LLM proxy arrives here); look up by key. */
  readonly services: Readonly<Record<string, unknown>>;
}

/**
 * A tool: metadata plus `invoke`. Plain objects and class instances both satisfy it.
 * `invoke` may return a value or a promise; throwing (anything) becomes a `TOOL_ERROR` result.
 */
export interface ToolProtocol<Params = unknown, Result = unknown> {
  readonly metadata: ToolMetadata;
  invoke(params: Params, ctx: ToolContext): Result | Promise<Result>;
  /**
   * Extra checks after JSON Schema validation, sync or async. What it may return:
   * `true` or nothing (the parameters are fine), `false` (refused: a VALIDATION_ERROR with rule
   * `validateParams`), or a list of problems, each naming its field by JSON pointer (empty = fine).
   * Throwing refuses with the thrown message. Anything else is the tool's bug, reported as a
   * TOOL_ERROR that says what it returned.
   */
  validateParams?(params: Params): ValidateParamsReturn | Promise<ValidateParamsReturn>;
}

/** What `validateParams` may return (see ToolProtocol.validateParams). */
// biome-ignore lint/suspicious/noConfusingVoidType: a check that finds nothing may just not return
export type ValidateParamsReturn = boolean | readonly ParamProblem[] | undefined | void;

/** One problem with one parameter. */
export interface ParamProblem {
  /** JSON pointer to the field, e.g. `/b` or `` for the whole object. */
  pointer: string;
  /** The rule that was broken, e.g. `required`, `minimum`, `not-zero`. */
  rule: string;
  /** What is wrong, for a person. */
  message: string;
}

/** A tool as the registry holds it: the tool plus where it came from. */
export interface RegisteredTool {
  readonly tool: ToolProtocol;
  readonly metadata: ToolMetadata;
  /** `builtin`, `file:<path>`, `package:<name>`, later `mcp:<server>`. */
  readonly source: string;
}
