/**
 * The tool registry: holds tools by name, validates parameters against their schemas and invokes
 * them through a middleware chain. `invoke` never throws; it returns an InvocationResult.
 */
import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { performance } from "node:perf_hooks";
import {
  describeThrown,
  ForwardedFailure,
  RegistrationError,
  type ToolFailure,
  toolErrorFields,
} from "./errors.ts";
import { InvocationContext } from "./invocation-context.ts";
import { type Logger, silentLogger } from "./logger.ts";
import { toolShapeProblems } from "./metadata-check.ts";
import type { Invocation, InvocationMiddleware, NextStep } from "./middleware.ts";
import { scopeOf, toolNameProblem } from "./names.ts";
import type {
  ParamProblem,
  ProgressUpdate,
  RegisteredTool,
  ToolMetadata,
  ToolProtocol,
} from "./protocol.ts";
import type { RegistryEventName, RegistryEvents } from "./registry-events.ts";
import { findUnserializable, type InvocationResult } from "./result.ts";
import { suggestNames } from "./suggestions.ts";
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
}

interface Entry extends RegisteredTool {
  readonly validate: ParamsValidator;
}

const STOPPED = Symbol("stopped");

/** A registry of tools. Create one per app (or per test); `ToolRegistry.default` is the app's. */
export class ToolRegistry {
  private static defaultInstance: ToolRegistry | undefined;

  /** The app-wide instance; hosts create it at start-up and hand it down. */
  static get default(): ToolRegistry {
    ToolRegistry.defaultInstance ??= new ToolRegistry();
    return ToolRegistry.defaultInstance;
  }

  /** `ToolRegistry.get("@llm/planner")`: looks up in the default instance. */
  static get(name: string): RegisteredTool | undefined {
    return ToolRegistry.default.get(name);
  }

  /** Registers in the default instance. */
  static register(tool: ToolProtocol, source?: string): RegisteredTool {
    return ToolRegistry.default.register(tool, source);
  }

  /** Invokes through the default instance. */
  static invoke(name: string, params: unknown, options?: InvokeOptions): Promise<InvocationResult> {
    return ToolRegistry.default.invoke(name, params, options);
  }

  private root: string;
  private readonly logger: Logger;
  private readonly defaultTimeoutMs: number;
  private readonly services: Record<string, unknown>;
  private readonly tools = new Map<string, Entry>();
  private readonly middlewares: InvocationMiddleware[] = [];
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
   * Returns undefined when there is no such tool.
   */
  validateParams(name: string, params: unknown): ParamProblem[] | undefined {
    const entry = this.tools.get(name);
    return entry && this.validate(entry, params);
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

  get(name: string): RegisteredTool | undefined {
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

  /** Registered tools sorted by name, filtered. */
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

  /** Adds a middleware; the first added is the outermost. */
  use(middleware: InvocationMiddleware): this {
    this.middlewares.push(middleware);
    let next: NextStep = (invocation) => this.runCore(invocation);
    for (let i = this.middlewares.length - 1; i >= 0; i--) {
      const mw = this.middlewares[i] as InvocationMiddleware;
      const inner = next;
      next = (invocation) => mw(invocation, inner);
    }
    this.chain = next;
    return this;
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

    const timeoutMs = options.timeoutMs ?? entry.metadata.timeoutMs ?? this.defaultTimeoutMs;
    const onProgress = options.onProgress;
    const invocation: Invocation = {
      invocationId,
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
      // A middleware must not throw; if one does, the caller still gets a result.
      this.logger.error("invocation middleware threw", {
        tool: name,
        error: describeThrown(error),
      });
      result = failure(invocationId, started, 0, {
        code: "TOOL_ERROR",
        message: `${name}: internal error in the invocation pipeline: ${describeThrown(error)}`,
      });
    }
    if (observed) this.emit("invocation:finished", { invocationId, name, params, result });
    return result;
  }

  /** validate → timeout and abort → execute → check the result. */
  private runCore(invocation: Invocation): Promise<InvocationResult> {
    const started = performance.now();
    const entry = invocation.tool as Entry;
    const name = entry.metadata.name;
    const { invocationId } = invocation;

    const problems = this.validate(entry, invocation.params);
    if (problems.length > 0) {
      return Promise.resolve(failure(invocationId, started, 0, invalidParams(name, problems)));
    }
    if (invocation.signal?.aborted) {
      return Promise.resolve(
        failure(invocationId, started, 0, {
          code: "CANCELLED",
          message: `${name}: cancelled before it started`,
        }),
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
    let returned: unknown;
    try {
      returned = entry.tool.invoke(invocation.params, ctx);
    } catch (thrown) {
      return Promise.resolve(toolThrew(entry, ctx, started, thrown));
    }
    // A synchronous result: no timer could have fired while it ran, so skip the race entirely.
    if (!isThenable(returned)) return Promise.resolve(succeeded(entry, ctx, started, returned));
    return this.awaitResult(invocation, entry, ctx, started, returned);
  }

  /** Races an asynchronous result against the timeout and the caller's cancellation. */
  private async awaitResult(
    invocation: Invocation,
    entry: Entry,
    ctx: InvocationContext,
    started: number,
    returned: PromiseLike<unknown>,
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
    try {
      const outcome = await Promise.race([returned, stopped]).then(
        (value) => ({ threw: false as const, value }),
        (thrown: unknown) => ({ threw: true as const, thrown }),
      );
      if (ctx.stopped) {
        const timedOut = invocation.signal?.aborted !== true;
        return failure(invocation.invocationId, started, costOf(entry, ctx), {
          code: timedOut ? "TIMEOUT" : "CANCELLED",
          message: timedOut
            ? `${name}: timed out after ${invocation.timeoutMs} ms`
            : `${name}: cancelled`,
          ...(timedOut
            ? { hint: "raise the timeout (--timeout MS, or timeoutMs in the tool's metadata)" }
            : {}),
        });
      }
      if (outcome.threw) return toolThrew(entry, ctx, started, outcome.thrown);
      return succeeded(entry, ctx, started, outcome.value);
    } finally {
      if (timer) clearTimeout(timer);
      invocation.signal?.removeEventListener("abort", onCallerAbort);
    }
  }

  private validate(entry: Entry, params: unknown): ParamProblem[] {
    const problems = entry.validate(params);
    if (problems.length > 0 || !entry.tool.validateParams) return problems;
    try {
      return [...(entry.tool.validateParams(params) ?? [])];
    } catch (error) {
      return [{ pointer: "", rule: "validateParams", message: describeThrown(error) }];
    }
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
          : "run `agentic tools list` to see the registered tools",
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

function failure(
  invocationId: string,
  started: number,
  cost: number,
  error: ToolFailure,
): InvocationResult {
  const clean: ToolFailure = { code: error.code, message: error.message };
  if (error.details !== undefined) clean.details = error.details;
  if (error.hint !== undefined) clean.hint = error.hint;
  return { ok: false, error: clean, durationMs: performance.now() - started, cost, invocationId };
}

function describeCandidate(tool: unknown): string {
  const name = (tool as { metadata?: { name?: unknown } } | null)?.metadata?.name;
  return typeof name === "string" && name ? JSON.stringify(name) : "a tool";
}

function costOf(entry: Entry, ctx: InvocationContext): number {
  return entry.metadata.costPerInvocation + ctx.extraCost;
}

function toolThrew(
  entry: Entry,
  ctx: InvocationContext,
  started: number,
  thrown: unknown,
): InvocationResult {
  if (thrown instanceof ForwardedFailure) {
    // The tool ran its checks elsewhere (a plugin host): report them as the local checks would.
    const { check } = thrown;
    return check.kind === "invalid-params"
      ? failure(ctx.invocationId, started, 0, invalidParams(entry.metadata.name, check.problems))
      : failure(ctx.invocationId, started, costOf(entry, ctx), unserializable(entry, check));
  }
  const carried = toolErrorFields(thrown);
  return failure(ctx.invocationId, started, costOf(entry, ctx), {
    code: "TOOL_ERROR",
    message: `${entry.metadata.name}: ${describeThrown(thrown)}`,
    ...carried,
  });
}

function succeeded(
  entry: Entry,
  ctx: InvocationContext,
  started: number,
  value: unknown,
): InvocationResult {
  const bad = findUnserializable(value);
  if (bad)
    return failure(ctx.invocationId, started, costOf(entry, ctx), unserializable(entry, bad));
  return {
    ok: true,
    value,
    durationMs: performance.now() - started,
    cost: costOf(entry, ctx),
    invocationId: ctx.invocationId,
  };
}

function invalidParams(name: string, problems: readonly ParamProblem[]): ToolFailure {
  return {
    code: "VALIDATION_ERROR",
    message: `${name}: invalid parameters: ${problems
      .map((p) => `${pointerLabel(p.pointer)} ${p.message}`)
      .join("; ")}`,
    details: { problems },
    hint: "fix the fields listed and try again",
  };
}

function unserializable(entry: Entry, bad: { pointer: string; reason: string }): ToolFailure {
  return {
    code: "RESULT_NOT_SERIALIZABLE",
    message: `${entry.metadata.name}: the result cannot be serialised: ${bad.reason} at ${pointerLabel(bad.pointer)}`,
    details: { pointer: bad.pointer },
    hint: "return plain JSON data (convert BigInt to string, drop functions and cycles)",
  };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}
