/**
 * The tool registry: holds tools by name, validates parameters against their schemas and invokes
 * them through a middleware chain. `invoke` never throws; it returns an InvocationResult.
 *
 * Longer than our ~400-line rule, on purpose: registration, listing and the invocation pipeline
 * (validate → middleware → run → check the result) share the tool map, the schema compiler and
 * the chain, and each step's failure is built beside the step. It is the kernel; loading lives
 * apart (loader.ts and plugin-*.ts).
 */
import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { performance } from "node:perf_hooks";
import { runCustomValidation } from "./custom-validation.ts";
import { INVOCATION_ERRORS } from "./error-catalogue.ts";
import {
  describeThrown,
  RegistrationError,
  type ToolFailure,
  ToolInvocationError,
  toolErrorFields,
} from "./errors.ts";
import { type ForwardedOutcome, isForwardingTool } from "./forwarding.ts";
import { InvocationContext } from "./invocation-context.ts";
import { tooDeepParams } from "./json-limits.ts";
import { type Logger, silentLogger } from "./logger.ts";
import { toolShapeProblems } from "./metadata-check.ts";
import type {
  Invocation,
  InvocationMiddleware,
  NamedMiddleware,
  NextStep,
  TraceParent,
} from "./middleware.ts";
import { scopeOf, toolNameProblem } from "./names.ts";
import type {
  ParamProblem,
  ProgressUpdate,
  RegisteredTool,
  ToolContext,
  ToolMetadata,
  ToolProtocol,
} from "./protocol.ts";
import type { RegistryEventName, RegistryEvents } from "./registry-events.ts";
import { findUnserializable, type InvocationResult } from "./result.ts";
import { suggestNames } from "./suggestions.ts";
import { isThenable } from "./thenable.ts";
import { type ParamsValidator, pointerLabel, SchemaCompiler } from "./validation.ts";

/** Options of a registry instance. */
export interface RegistryOptions {
  /** Folder that file and git tools are confined to; default: the process's cwd. */
  workspaceRoot?: string;
  logger?: Logger;
  /** Timeout applied when neither the call nor the tool sets one; 0 = none. Default 60 s. */
  defaultTimeoutMs?: number;
  /** Services handed to every tool through `ctx.services` (e.g. the LLM proxy). */
  services?: Record<string, unknown>;
}

/** Filters for `list`. */
export interface ListFilter {
  deterministicOnly?: boolean;
  /** Scope without `@`, e.g. `math`. */
  scope?: string;
  /** Case-insensitive match on name, description and tags. */
  search?: string;
  /** Exact source, or a prefix ending in `:` (e.g. `file:`). */
  source?: string;
}

/** Options of one invocation. */
export interface InvokeOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  invocationId?: string;
  onProgress?: (update: ProgressUpdate) => void;
  /** Who asks: `ui`, `cli`, `mcp`, `agent`, `test`; default `api` (a script or a test). */
  origin?: string;
  /** Record the invocation inside this open trace (an agent run's) instead of a trace of its own. */
  traceParent?: TraceParent;
}

interface Entry extends RegisteredTool {
  readonly validate: ParamsValidator;
  /** What `get(name)` hands out, made once. */
  handle?: ToolProtocol;
}

interface ChainLink extends NamedMiddleware {
  readonly added: number;
}

const STOPPED = Symbol("stopped");

/**
 * A registry of tools. Create one per app (or per test). The static methods are the seed's call
 * sites (`ToolRegistry.get("@llm/planner")`) and work on `ToolRegistry.default`, which is the
 * app's registry once `createWorkbench` has run (it adopts it), with its tracing and history.
 */
export class ToolRegistry {
  private static defaultInstance: ToolRegistry | undefined;

  /** The app-wide instance: the running workbench's registry, or an empty one before it starts. */
  static get default(): ToolRegistry {
    ToolRegistry.defaultInstance ??= new ToolRegistry();
    return ToolRegistry.defaultInstance;
  }

  /** Makes `registry` the one the static methods use (`createWorkbench` does this). */
  static setDefault(registry: ToolRegistry | undefined): void {
    ToolRegistry.defaultInstance = registry;
  }

  /** `ToolRegistry.get("@llm/planner")`: the tool itself (metadata + invoke), or undefined. */
  static get(name: string): ToolProtocol | undefined {
    return ToolRegistry.default.get(name);
  }

  /** Where a tool of the default registry came from (its source), or undefined. */
  static registration(name: string): RegisteredTool | undefined {
    return ToolRegistry.default.registration(name);
  }

  /** The seed's `list_tools`: the metadata of the default registry's tools, sorted by name. */
  static listTools(filter: ListFilter = {}): ToolMetadata[] {
    return ToolRegistry.default.listTools(filter);
  }

  /** Registers in the default instance. */
  static register(tool: ToolProtocol, source?: string): RegisteredTool {
    return ToolRegistry.default.register(tool, source);
  }

  /** Invokes through the default instance (validated, traced, recorded). Never throws. */
  static invoke(name: string, params: unknown, options?: InvokeOptions): Promise<InvocationResult> {
    return ToolRegistry.default.invoke(name, params, options);
  }

  private root: string;
  private readonly logger: Logger;
  private readonly defaultTimeoutMs: number;
  private readonly services: Record<string, unknown>;
  private readonly tools = new Map<string, Entry>();
  private readonly links: ChainLink[] = [];
  private readonly compiler = new SchemaCompiler();
  private readonly emitter = new EventEmitter();
  private chain: NextStep;

  constructor(options: RegistryOptions = {}) {
    this.root = options.workspaceRoot ?? process.cwd();
    this.logger = options.logger ?? silentLogger;
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? 60_000;
    this.services = options.services ?? {};
    this.emitter.setMaxListeners(0);
    this.chain = (invocation) => this.runCore(invocation);
  }

  /** The folder file and git tools are confined to. */
  get workspaceRoot(): string {
    return this.root;
  }

  /** Points later invocations at another workspace folder (absolute, real path). */
  setWorkspaceRoot(root: string): void {
    this.root = root;
  }

  /**
   * Checks parameters against a tool's schema and its `validateParams` without invoking it.
   * Resolves to undefined when there is no such tool.
   */
  async validateParams(name: string, params: unknown): Promise<ParamProblem[] | undefined> {
    const entry = this.tools.get(name);
    if (!entry) return undefined;
    const checked = await this.validate(entry, params);
    return Array.isArray(checked)
      ? checked
      : [{ pointer: "", rule: "validateParams", message: checked.message }];
  }

  /**
   * Registers `tool` under its metadata name. Refuses (throws RegistrationError) a bad name,
   * bad metadata, a schema Ajv cannot compile, or a name already taken, naming both sources.
   */
  register(tool: ToolProtocol, source = "builtin"): RegisteredTool {
    const label = describeCandidate(tool);
    const nameProblem = toolNameProblem((tool as { metadata?: ToolMetadata })?.metadata?.name);
    const problems = toolShapeProblems(tool);
    if (problems.length > 0) {
      const reason = nameProblem && problems.length === 1 ? "INVALID_NAME" : "INVALID_METADATA";
      throw new RegistrationError(
        reason,
        `cannot register ${label} from ${source}: ${problems.join("; ")}`,
      );
    }
    const metadata = tool.metadata;
    const existing = this.tools.get(metadata.name);
    if (existing) {
      throw new RegistrationError(
        "DUPLICATE_NAME",
        `cannot register ${metadata.name} from ${source}: the name is already registered by ${existing.source}`,
      );
    }
    let validate: ParamsValidator;
    try {
      validate = this.compiler.compile(metadata.parametersSchema);
    } catch (error) {
      throw new RegistrationError(
        "INVALID_SCHEMA",
        `cannot register ${metadata.name} from ${source}: its parametersSchema is invalid: ${(error as Error).message}`,
      );
    }
    const entry: Entry = { tool, metadata, source, validate };
    this.tools.set(metadata.name, entry);
    this.emit("registered", { tool: publicView(entry) });
    return publicView(entry);
  }

  /** Removes a tool; returns whether it was there. */
  unregister(name: string): boolean {
    const entry = this.tools.get(name);
    if (!entry) return false;
    this.tools.delete(name);
    this.emit("unregistered", { name, source: entry.source });
    return true;
  }

  /**
   * The tool registered as `name` (metadata + invoke), as the seed's `ToolRegistry.get` returns
   * it. Its `invoke(params)` without a context goes through this registry — validated, traced,
   * recorded — and resolves to the value or throws a ToolInvocationError carrying the code.
   */
  get(name: string): ToolProtocol | undefined {
    const entry = this.tools.get(name);
    if (!entry) return undefined;
    entry.handle ??= this.handleFor(entry);
    return entry.handle;
  }

  /** The registration record of `name`: the tool, its metadata and its source. */
  registration(name: string): RegisteredTool | undefined {
    const entry = this.tools.get(name);
    return entry && publicView(entry);
  }

  has(name: string): boolean {
    return this.tools.has(name);
  }

  /** Number of registered tools. */
  get size(): number {
    return this.tools.size;
  }

  /** The seed's `list_tools`: the metadata of the registered tools, sorted by name, filtered. */
  listTools(filter: ListFilter = {}): ToolMetadata[] {
    return this.list(filter).map((t) => t.metadata);
  }

  /** Registered tools (with their source) sorted by name, filtered. */
  list(filter: ListFilter = {}): RegisteredTool[] {
    const search = filter.search?.trim().toLowerCase();
    const out: RegisteredTool[] = [];
    for (const entry of this.tools.values()) {
      const m = entry.metadata;
      if (filter.deterministicOnly && !m.deterministic) continue;
      if (filter.scope && scopeOf(m.name) !== filter.scope.replace(/^@/, "")) continue;
      if (filter.source) {
        const matches = filter.source.endsWith(":")
          ? entry.source.startsWith(filter.source)
          : entry.source === filter.source;
        if (!matches) continue;
      }
      if (search) {
        const haystack = `${m.name} ${m.description} ${(m.tags ?? []).join(" ")}`.toLowerCase();
        if (!haystack.includes(search)) continue;
      }
      out.push(publicView(entry));
    }
    return out.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  }

  /**
   * Adds a middleware. A named one takes its place by `order` (lower is further out); a bare
   * function goes innermost of those added so far, named after the function.
   */
  use(middleware: InvocationMiddleware | NamedMiddleware): this {
    const added = this.links.length;
    const link: ChainLink =
      typeof middleware === "function"
        ? {
            name: middleware.name || `middleware #${added + 1}`,
            order: Math.max(0, ...this.links.map((l) => l.order)) + 1,
            run: middleware,
            added,
          }
        : { name: middleware.name, order: middleware.order, run: middleware.run, added };
    this.links.push(link);
    this.links.sort((a, b) => a.order - b.order || a.added - b.added);
    let next: NextStep = (invocation) => this.runCore(invocation);
    for (let i = this.links.length - 1; i >= 0; i--) {
      const current = this.links[i] as ChainLink;
      const inner = next;
      next = (invocation) => {
        try {
          return current
            .run(invocation, inner)
            .catch((error: unknown) => this.middlewareFailed(current.name, invocation, error));
        } catch (error) {
          return Promise.resolve(this.middlewareFailed(current.name, invocation, error));
        }
      };
    }
    this.chain = next;
    return this;
  }

  /** The middleware in the order they run, outermost first. */
  middlewareNames(): string[] {
    return this.links.map((l) => l.name);
  }

  /** Subscribes to a registry event; returns the unsubscribe function. */
  on<E extends RegistryEventName>(
    event: E,
    listener: (payload: RegistryEvents[E]) => void,
  ): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }

  /** Invokes a tool by name. Never throws: every failure is a result with an error code. */
  async invoke(
    name: string,
    params: unknown,
    options: InvokeOptions = {},
  ): Promise<InvocationResult> {
    const started = performance.now();
    const invocationId = options.invocationId ?? randomUUID();
    const entry = this.tools.get(name);
    if (!entry) return this.notFound(name, invocationId, started);
    // Before any middleware: tracing, history and Ajv all recurse into the parameters.
    const tooDeep = tooDeepParams(name, params);
    if (tooDeep) return failure(invocationId, started, 0, tooDeep);

    const timeoutMs = options.timeoutMs ?? entry.metadata.timeoutMs ?? this.defaultTimeoutMs;
    const onProgress = options.onProgress;
    const invocation: Invocation = {
      invocationId,
      origin: options.origin ?? "api",
      ...(options.traceParent ? { traceParent: options.traceParent } : {}),
      tool: entry,
      params,
      signal: options.signal,
      timeoutMs,
      services: { ...this.services },
      onProgress:
        onProgress || this.emitter.listenerCount("invocation:progress") > 0
          ? (update) => {
              onProgress?.(update);
              this.emit("invocation:progress", { invocationId, name, update });
            }
          : undefined,
    };
    const observed = this.emitter.listenerCount("invocation:finished") > 0;
    if (this.emitter.listenerCount("invocation:started") > 0) {
      this.emit("invocation:started", { invocationId, name, params });
    }
    let result: InvocationResult;
    try {
      result = await this.chain(invocation);
    } catch (error) {
      // The chain catches each middleware's errors; this is the last guard.
      result = this.middlewareFailed("(chain)", invocation, error);
    }
    if (observed) this.emit("invocation:finished", { invocationId, name, params, result });
    return result;
  }

  /** validate → timeout and abort → execute → check the result. */
  private runCore(invocation: Invocation): Promise<InvocationResult> {
    const started = performance.now();
    const entry = invocation.tool as Entry;
    const checked = this.validate(entry, invocation.params);
    if (isThenable(checked)) {
      return Promise.resolve(checked).then((c) => this.afterValidation(invocation, started, c));
    }
    return this.afterValidation(invocation, started, checked);
  }

  private afterValidation(
    invocation: Invocation,
    started: number,
    checked: ParamProblem[] | BrokenContract,
  ): Promise<InvocationResult> {
    const entry = invocation.tool as Entry;
    const name = entry.metadata.name;
    const { invocationId, traceId } = invocation;
    if (!Array.isArray(checked)) {
      return Promise.resolve(
        failure(invocationId, started, 0, brokenContract(name, checked.message), traceId),
      );
    }
    if (checked.length > 0) {
      return Promise.resolve(
        failure(invocationId, started, 0, invalidParams(name, checked), traceId),
      );
    }
    if (invocation.signal?.aborted) {
      return Promise.resolve(
        failure(
          invocationId,
          started,
          0,
          { code: "CANCELLED", message: `${name}: cancelled before it started` },
          traceId,
        ),
      );
    }

    const ctx = new InvocationContext(
      name,
      invocationId,
      this.root,
      invocation.services,
      this.logger,
      invocation.onProgress,
    );
    // A forwarding tool (a plugin host's) answers with its outcome as data; see forwardedResult.
    const { tool } = entry;
    const forwarded = isForwardingTool(tool);
    let returned: unknown;
    try {
      returned = forwarded
        ? tool.invokeForwarded(invocation.params, ctx)
        : tool.invoke(invocation.params, ctx);
    } catch (thrown) {
      return Promise.resolve(toolThrew(entry, ctx, started, thrown, traceId));
    }
    // A synchronous result: no timer could have fired while it ran, so skip the race entirely.
    if (!isThenable(returned)) {
      return Promise.resolve(succeeded(entry, ctx, started, returned, traceId));
    }
    return this.awaitResult(invocation, entry, ctx, started, returned, forwarded);
  }

  /** Races an asynchronous result against the timeout and the caller's cancellation. */
  private async awaitResult(
    invocation: Invocation,
    entry: Entry,
    ctx: InvocationContext,
    started: number,
    returned: PromiseLike<unknown>,
    forwarded = false,
  ): Promise<InvocationResult> {
    const name = entry.metadata.name;
    let settle: ((outcome: unknown) => void) | undefined;
    const stopped = new Promise<unknown>((resolve) => {
      settle = resolve;
    });
    const stop = (reason: unknown) => {
      ctx.stop(reason);
      settle?.(STOPPED);
    };
    const timer =
      invocation.timeoutMs > 0
        ? setTimeout(
            () => stop(new Error(`timed out after ${invocation.timeoutMs} ms`)),
            invocation.timeoutMs,
          )
        : undefined;
    const onCallerAbort = () => stop(invocation.signal?.reason ?? new Error("cancelled"));
    invocation.signal?.addEventListener("abort", onCallerAbort, { once: true });
    // Aborted while the tool's synchronous part ran: no abort event is coming any more.
    if (invocation.signal?.aborted) onCallerAbort();
    try {
      const outcome = await Promise.race([returned, stopped]).then(
        (value) => ({ threw: false as const, value }),
        (thrown: unknown) => ({ threw: true as const, thrown }),
      );
      const { traceId } = invocation;
      if (ctx.stopped) {
        const timedOut = invocation.signal?.aborted !== true;
        return failure(
          invocation.invocationId,
          started,
          costOf(entry, ctx),
          {
            code: timedOut ? "TIMEOUT" : "CANCELLED",
            message: timedOut
              ? `${name}: timed out after ${invocation.timeoutMs} ms`
              : `${name}: cancelled`,
            ...(timedOut ? { hint: INVOCATION_ERRORS.TIMEOUT.hint } : {}),
          },
          traceId,
        );
      }
      if (outcome.threw) return toolThrew(entry, ctx, started, outcome.thrown, traceId);
      if (forwarded) {
        return forwardedResult(entry, ctx, started, outcome.value as ForwardedOutcome, traceId);
      }
      return succeeded(entry, ctx, started, outcome.value, traceId);
    } finally {
      if (timer) clearTimeout(timer);
      invocation.signal?.removeEventListener("abort", onCallerAbort);
    }
  }

  /** Schema first; the tool's own check only on parameters the schema accepts. */
  private validate(
    entry: Entry,
    params: unknown,
  ): ParamProblem[] | BrokenContract | Promise<ParamProblem[] | BrokenContract> {
    const problems = entry.validate(params);
    if (problems.length > 0 || !entry.tool.validateParams) return problems;
    const custom = runCustomValidation(entry.tool, params);
    const read = (c: Awaited<typeof custom>) =>
      c.kind === "problems" ? c.problems : { message: c.message };
    return isThenable(custom) ? Promise.resolve(custom).then(read) : read(custom);
  }

  private middlewareFailed(
    middleware: string,
    invocation: Invocation,
    error: unknown,
  ): InvocationResult {
    const name = invocation.tool.metadata.name;
    this.logger.error("invocation middleware threw", {
      tool: name,
      middleware,
      error: describeThrown(error),
    });
    return failure(
      invocation.invocationId,
      performance.now(),
      0,
      {
        code: "TOOL_ERROR",
        message: `${name}: internal error in middleware "${middleware}": ${describeThrown(error)}`,
        hint: "this is a bug in the workbench or in a middleware added to the registry, not in the tool",
      },
      invocation.traceId,
    );
  }

  /** A tool as `get` hands it out: the tool's own metadata, invoked through this registry. */
  private handleFor(entry: Entry): ToolProtocol {
    const registry = this;
    const { tool } = entry;
    const name = entry.metadata.name;
    const handle: ToolProtocol = {
      get metadata() {
        return tool.metadata;
      },
      async invoke(params: unknown, ctx?: ToolContext) {
        // A host that brings its own context runs the tool itself (as the protocol says).
        if (ctx) return tool.invoke(params, ctx);
        const result = await registry.invoke(name, params);
        if (result.ok) return result.value;
        throw new ToolInvocationError(result);
      },
    };
    if (tool.validateParams) {
      handle.validateParams = (params: unknown) => tool.validateParams?.(params);
    }
    return handle;
  }

  private notFound(name: string, invocationId: string, started: number): InvocationResult {
    const suggestions = suggestNames(name, this.tools.keys());
    const problem = toolNameProblem(name);
    return failure(invocationId, started, 0, {
      code: "NOT_FOUND",
      message: `no tool named ${JSON.stringify(name)}${problem ? ` (${problem})` : ""}`,
      details: { suggestions },
      hint:
        suggestions.length > 0
          ? `did you mean ${suggestions.join(", ")}?`
          : INVOCATION_ERRORS.NOT_FOUND.hint,
    });
  }

  private emit<E extends RegistryEventName>(event: E, payload: RegistryEvents[E]): void {
    try {
      this.emitter.emit(event, payload);
    } catch (error) {
      this.logger.error(`a listener of "${event}" threw`, { error: describeThrown(error) });
    }
  }
}

function publicView(entry: Entry): RegisteredTool {
  return { tool: entry.tool, metadata: entry.metadata, source: entry.source };
}

/** What `validateParams` returned when it was none of the allowed things. */
interface BrokenContract {
  message: string;
}

function failure(
  invocationId: string,
  started: number,
  cost: number,
  error: ToolFailure,
  traceId?: string,
): InvocationResult {
  const clean: ToolFailure = { code: error.code, message: error.message };
  if (error.details !== undefined) clean.details = error.details;
  if (error.hint !== undefined) clean.hint = error.hint;
  const result: InvocationResult = {
    ok: false,
    error: clean,
    durationMs: performance.now() - started,
    cost,
    invocationId,
  };
  if (traceId !== undefined) result.traceId = traceId;
  return result;
}

function describeCandidate(tool: unknown): string {
  const name = (tool as { metadata?: { name?: unknown } } | null)?.metadata?.name;
  // JSON leaves U+2028/U+2029 raw; escaped, a hostile name cannot break the message's line.
  return typeof name === "string" && name
    ? JSON.stringify(name).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)
    : "a tool";
}

function costOf(entry: Entry, ctx: InvocationContext): number {
  return entry.metadata.costPerInvocation + ctx.extraCost;
}

function toolThrew(
  entry: Entry,
  ctx: InvocationContext,
  started: number,
  thrown: unknown,
  traceId: string | undefined,
): InvocationResult {
  const name = entry.metadata.name;
  const carried = toolErrorFields(thrown);
  return failure(
    ctx.invocationId,
    started,
    costOf(entry, ctx),
    { code: "TOOL_ERROR", message: `${name}: ${describeThrown(thrown)}`, ...carried },
    traceId,
  );
}

/** A forwarding tool's outcome, reported as the same outcome of a local run would be. */
function forwardedResult(
  entry: Entry,
  ctx: InvocationContext,
  started: number,
  outcome: ForwardedOutcome,
  traceId: string | undefined,
): InvocationResult {
  if (outcome.ok) return succeeded(entry, ctx, started, outcome.value, traceId);
  const name = entry.metadata.name;
  switch (outcome.kind) {
    case "threw": {
      const { message, details, hint } = outcome;
      const error: ToolFailure = { code: "TOOL_ERROR", message: `${name}: ${message}` };
      if (details !== undefined) error.details = details;
      if (hint !== undefined) error.hint = hint;
      return failure(ctx.invocationId, started, costOf(entry, ctx), error, traceId);
    }
    case "invalid-params":
      return failure(ctx.invocationId, started, 0, invalidParams(name, outcome.problems), traceId);
    case "broken-contract":
      return failure(ctx.invocationId, started, 0, brokenContract(name, outcome.message), traceId);
    case "unserializable":
      return failure(
        ctx.invocationId,
        started,
        costOf(entry, ctx),
        unserializable(entry, outcome),
        traceId,
      );
  }
}

function succeeded(
  entry: Entry,
  ctx: InvocationContext,
  started: number,
  value: unknown,
  traceId: string | undefined,
): InvocationResult {
  const bad = findUnserializable(value);
  if (bad) {
    return failure(
      ctx.invocationId,
      started,
      costOf(entry, ctx),
      unserializable(entry, bad),
      traceId,
    );
  }
  const result: InvocationResult = {
    ok: true,
    value,
    durationMs: performance.now() - started,
    cost: costOf(entry, ctx),
    invocationId: ctx.invocationId,
  };
  if (traceId !== undefined) result.traceId = traceId;
  return result;
}

function invalidParams(name: string, problems: readonly ParamProblem[]): ToolFailure {
  const refusedByTool = problems.every((p) => p.rule === "validateParams");
  return {
    code: "VALIDATION_ERROR",
    message: `${name}: invalid parameters: ${problems
      .map((p) => `${pointerLabel(p.pointer)} ${p.message}`)
      .join("; ")}`,
    details: { problems },
    hint: refusedByTool
      ? "the tool's own validateParams refused these parameters; check its description for what it accepts"
      : INVOCATION_ERRORS.VALIDATION_ERROR.hint,
  };
}

function brokenContract(name: string, message: string): ToolFailure {
  return {
    code: "TOOL_ERROR",
    message: `${name}: ${message}`,
    details: { rule: "validateParams" },
    hint: "this is a bug in the tool's validateParams; fix what it returns",
  };
}

function unserializable(entry: Entry, bad: { pointer: string; reason: string }): ToolFailure {
  return {
    code: "RESULT_NOT_SERIALIZABLE",
    message: `${entry.metadata.name}: the result cannot be serialised: ${bad.reason} at ${pointerLabel(bad.pointer)}`,
    details: { pointer: bad.pointer },
    hint: INVOCATION_ERRORS.RESULT_NOT_SERIALIZABLE.hint,
  };
}
