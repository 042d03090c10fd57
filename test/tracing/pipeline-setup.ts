/** A registry with the tracing middleware, a local store and a Langfuse exporter on a receiver. */
import { ToolError } from "../../src-main/core/errors.ts";
import type { ToolProtocol } from "../../src-main/core/protocol.ts";
import { ToolRegistry } from "../../src-main/core/registry.ts";
import type { LangfuseExporterOptions } from "../../src-main/tracing/langfuse-exporter.ts";
import { LangfuseExporter } from "../../src-main/tracing/langfuse-exporter.ts";
import type { TraceContext } from "../../src-main/tracing/trace-context.ts";
import { TRACE_SERVICE } from "../../src-main/tracing/trace-context.ts";
import { TraceStore } from "../../src-main/tracing/trace-store.ts";
import type { TraceExporter } from "../../src-main/tracing/trace-types.ts";
import type { TracingMiddlewareOptions } from "../../src-main/tracing/tracing-middleware.ts";
import { createTracingMiddleware } from "../../src-main/tracing/tracing-middleware.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { LangfuseReceiver } from "./langfuse-receiver.ts";

const schema = { type: "object", additionalProperties: true } as const;

/** Echoes its parameters back, with a secret in the output; costs 0.25 USD. */
export const echoTool: ToolProtocol = {
  metadata: {
    name: "@test/echo",
    description: "Echoes its parameters.",
    deterministic: true,
    costPerInvocation: 0.25,
    parametersSchema: schema,
    version: "1.2.3",
  },
  invoke: (params) => ({ echoed: params, session: { token: "tok-out" } }),
};

/** Always fails with a ToolError. */
export const failTool: ToolProtocol = {
  metadata: {
    name: "@test/fail",
    description: "Always fails.",
    deterministic: false,
    costPerInvocation: 0,
    parametersSchema: schema,
  },
  invoke: () => {
    throw new ToolError("the disk is on fire", { hint: "call the fire brigade" });
  },
};

/** Requires `n`: invalid parameters fail validation (which tracing must see too). */
export const strictTool: ToolProtocol = {
  metadata: {
    name: "@test/strict",
    description: "Needs n.",
    deterministic: true,
    costPerInvocation: 0,
    parametersSchema: { type: "object", required: ["n"], properties: { n: { type: "number" } } },
  },
  invoke: (params) => (params as { n: number }).n * 2,
};

/** Makes a nested "LLM call" through the trace context. */
export const llmTool: ToolProtocol = {
  metadata: {
    name: "@test/llm",
    description: "Pretends to call an LLM.",
    deterministic: false,
    costPerInvocation: 0,
    parametersSchema: schema,
  },
  invoke: (params, ctx) => {
    const trace = ctx.services[TRACE_SERVICE] as TraceContext;
    const gen = trace.startObservation("chat gpt-x", "generation", {
      messages: [{ role: "user", content: "hi" }],
      api_key: "sk-nested",
    });
    ctx.addCost(0.01);
    gen.end({ output: { content: "hello" }, metadata: { model: "gpt-x" } });
    return { answer: "hello", params };
  },
};

export interface Pipeline {
  registry: ToolRegistry;
  store: TraceStore;
  receiver: LangfuseReceiver;
  exporter: LangfuseExporter;
  tracing: ReturnType<typeof createTracingMiddleware>;
  dir: string;
}

/** Everything wired, receiver started; call `close` at the end. */
export async function pipeline(
  options: {
    exporter?: Partial<LangfuseExporterOptions>;
    tracing?: Partial<TracingMiddlewareOptions>;
    extraExporters?: TraceExporter[];
    keys?: { publicKey: string; secretKey: string };
  } = {},
): Promise<Pipeline & { close(): Promise<void> }> {
  const dir = await tempDir("agentic-tracing-");
  const receiver = new LangfuseReceiver();
  const baseUrl = await receiver.start();
  const store = new TraceStore({ dir });
  const exporter = new LangfuseExporter({
    config: {
      publicKey: options.keys?.publicKey ?? receiver.publicKey,
      secretKey: options.keys?.secretKey ?? receiver.secretKey,
      baseUrl,
    },
    timeoutMs: 1_000,
    ...options.exporter,
  });
  const tracing = createTracingMiddleware({
    store,
    exporters: [exporter, ...(options.extraExporters ?? [])],
    ...options.tracing,
  });
  const registry = new ToolRegistry({ workspaceRoot: dir });
  registry.use(tracing);
  for (const tool of [echoTool, failTool, strictTool, llmTool]) registry.register(tool);
  return {
    registry,
    store,
    receiver,
    exporter,
    tracing,
    dir,
    close: async () => {
      await tracing.shutdown(2_000);
      await receiver.stop();
    },
  };
}
