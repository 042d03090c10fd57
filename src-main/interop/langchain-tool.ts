/**
 * LangChain.js tools as ours: `fromLangChainTool(tool)` wraps a `@langchain/core` tool
 * (`tool()`, `DynamicStructuredTool`, a `StructuredTool` subclass, `DynamicTool`) so the registry
 * validates, times, cancels and costs it like any plugin. The tool's schema becomes JSON Schema the
 * way @langchain/core v1 converts it when it binds tools to a model (`toJsonSchema` from
 * `@langchain/core/utils/json_schema`: Zod v4's native `toJSONSchema`, its bundled
 * zod-to-json-schema for Zod v3, JSON Schema as is), except that a Zod ≥ 4.2 schema converts
 * itself (see toJsonSchemaOf).
 */
import { toJsonSchema } from "@langchain/core/utils/json_schema";
import type { ToolAnnotations, ToolContext, ToolProtocol } from "../core/protocol.ts";
import { normaliseNamePart } from "./external-names.ts";
import { portableSchema } from "./portable-schema.ts";

/** The part of a LangChain tool we use; any `@langchain/core` tool satisfies it. */
export interface LangChainToolLike {
  name: string;
  description: string;
  schema?: unknown;
  invoke(
    input: unknown,
    config?: { signal?: AbortSignal; metadata?: Record<string, unknown> },
  ): Promise<unknown>;
}

/** What `fromLangChainTool` may be told beyond the tool itself. */
export interface FromLangChainOptions {
  /** Our full name; default `@<scope>/<the tool's name, normalised>`. */
  name?: string;
  /** Scope of the default name. Default `langchain`. */
  scope?: string;
  /** Default false: a LangChain tool makes no promise about it. */
  deterministic?: boolean;
  /** USD per invocation. Default 0. */
  costPerInvocation?: number;
  version?: string;
  timeoutMs?: number;
  tags?: string[];
  annotations?: ToolAnnotations;
}

/** Wraps a LangChain tool as ours. Throws when the tool lacks a name or `invoke`. */
export function fromLangChainTool(
  tool: LangChainToolLike,
  options: FromLangChainOptions = {},
): ToolProtocol<Record<string, unknown>, unknown> {
  if (typeof tool?.name !== "string" || typeof tool.invoke !== "function") {
    throw new TypeError("fromLangChainTool expects a @langchain/core tool (with name and invoke)");
  }
  const part = normaliseNamePart(tool.name);
  const name = options.name ?? `@${options.scope ?? "langchain"}/${part ?? "tool"}`;
  const schema = toJsonSchemaOf(tool.schema);
  return {
    metadata: {
      name,
      description: tool.description || `${tool.name} (a LangChain tool)`,
      deterministic: options.deterministic ?? false,
      costPerInvocation: options.costPerInvocation ?? 0,
      parametersSchema: schema,
      tags: options.tags ?? ["langchain"],
      ...(options.version !== undefined ? { version: options.version } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.annotations !== undefined ? { annotations: options.annotations } : {}),
    },
    async invoke(params, ctx: ToolContext) {
      const output = await tool.invoke(params, {
        signal: ctx.signal,
        metadata: { agenticInvocationId: ctx.invocationId },
      });
      return plainOutput(output);
    },
  };
}

/** A tool's schema as JSON Schema for our registry (draft-07 keywords, no `$schema`). */
function toJsonSchemaOf(schema: unknown): Record<string, unknown> {
  if (schema === undefined || schema === null) {
    // A tool without a schema takes one string, which LangChain reads from `input`.
    return {
      type: "object",
      properties: { input: { type: "string" } },
      required: ["input"],
      additionalProperties: false,
    };
  }
  let converted: unknown;
  if (isZodV4(schema) && typeof schema.toJSONSchema === "function") {
    // Zod ≥ 4.2 converts itself, with its own registry: `.describe()` texts live in the registry of
    // the zod copy that built the schema, which need not be the copy @langchain/core imports.
    converted = schema.toJSONSchema({ target: "draft-7", io: "input" });
  } else if (isZodV4(schema)) {
    converted = toJsonSchema(schema as never, { target: "draft-7" });
  } else {
    // Zod v3 (LangChain's bundled zod-to-json-schema) or already JSON Schema.
    converted = toJsonSchema(schema as never);
  }
  return portableSchema(converted) as Record<string, unknown>;
}

function isZodV4(
  schema: unknown,
): schema is { _zod: unknown; toJSONSchema?: (params: Record<string, unknown>) => unknown } {
  return typeof schema === "object" && schema !== null && "_zod" in schema;
}

/**
 * LangChain tools return strings, objects, or a ToolMessage (for `content_and_artifact`): we keep
 * the content and the artifact, as plain data.
 */
function plainOutput(output: unknown): unknown {
  if (typeof output !== "object" || output === null) return output;
  const message = output as { lc_serializable?: unknown; content?: unknown; artifact?: unknown };
  if ("lc_serializable" in message && "content" in message) {
    return message.artifact === undefined
      ? message.content
      : { content: message.content, artifact: message.artifact };
  }
  return output;
}
