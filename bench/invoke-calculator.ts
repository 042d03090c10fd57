/**
 * Per-call cost of invoking `@math/calculator` four ways, all in one tinybench run so the rows
 * share the same machine state: directly, through the registry, as a LangChain.js tool and
 * through the MCP SDK over its in-memory transport.
 */

import { tool } from "@langchain/core/tools";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { Bench, type FnOptions } from "tinybench";
import { z } from "zod";
import { type CalculatorParams, CalculatorTool } from "../src-main/builtin/calculator.ts";
import { ToolRegistry } from "../src-main/core/registry.ts";
import { latencyUs } from "./stats.ts";

/** One row of the table, in microseconds per call. */
export interface InvokeRow {
  key: "direct" | "registry" | "langchain" | "mcp";
  label: string;
  medianUs: number;
  p99Us: number;
  samples: number;
}

export interface InvokeSuite {
  rows: InvokeRow[];
  /** How long each row ran at most, and its sample cap. */
  timeMs: number;
  maxSamples: number;
  /** median(registry) − median(direct), µs. */
  registryOverheadUs: number;
  /** (median(x) − median(direct)) / registry overhead, for LangChain and MCP. */
  langchainRatio: number;
  mcpRatio: number;
}

/**
 * tinybench keeps every sample; the direct call (~50 ns) would pile up tens of millions in
 * `timeMs`, and sorting them takes longer than the run. A million is plenty for a p99.
 */
const MAX_SAMPLES = 1_000_000;

const PARAMS: CalculatorParams = { operation: "multiply", a: 6, b: 7 };
// The MCP client types arguments as a string-keyed record; same object, wider type.
const MCP_ARGS: Record<string, unknown> = PARAMS as unknown as Record<string, unknown>;
const EXPECTED = 42;

// The calculator's JSON Schema, in zod: same enum, two numbers, all required, no extra keys.
const shape = {
  operation: z
    .enum(["add", "subtract", "multiply", "divide"])
    .describe("The operation to apply to a and b."),
  a: z.number().describe("The first operand."),
  b: z.number().describe("The second operand."),
};

export async function benchInvokeCalculator(timeMs = 1500): Promise<InvokeSuite> {
  // One instance, created outside the timed call, as the registry holds one too.
  const calculator = new CalculatorTool();
  const description = calculator.metadata.description;

  const registry = new ToolRegistry();
  registry.register(calculator);

  const lcTool = tool((params) => calculator.invoke(params), {
    name: "calculator",
    description,
    schema: z.object(shape).strict(),
  });

  // MCP names allow no "@" or "/", hence "calculator". The handler calls the tool directly, so
  // this row measures the protocol round trip, not our registry.
  const server = new McpServer({ name: "bench", version: "1.0.0" });
  server.registerTool("calculator", { description, inputSchema: shape }, async (params) => ({
    content: [{ type: "text", text: String(calculator.invoke(params)) }],
  }));
  const client = new Client({ name: "bench-client", version: "1.0.0" });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);

  const calls = {
    direct: () => calculator.invoke(PARAMS),
    registry: () => registry.invoke("@math/calculator", PARAMS),
    langchain: () => lcTool.invoke(PARAMS),
    mcp: () => client.callTool({ name: "calculator", arguments: MCP_ARGS }),
  };
  // Fail loudly if a path errors: a fast validation failure would otherwise pass for a fast call.
  await checkAnswers(calls);

  const labels: Record<InvokeRow["key"], string> = {
    direct: "(a) direct `calculator.invoke(params)`",
    registry: "(b) `registry.invoke` (Ajv validation)",
    langchain: "(c) LangChain.js `tool().invoke` (zod)",
    mcp: "(d) MCP SDK `client.callTool` (in-memory)",
  };
  // A GC between tasks (when --expose-gc is on) keeps one row's garbage out of the next.
  const bench = new Bench({ time: timeMs, setup: () => globalThis.gc?.(), throws: true });
  for (const [key, fn] of Object.entries(calls)) bench.add(key, ...capped(fn, MAX_SAMPLES));
  await bench.run();
  await Promise.all([client.close(), server.close()]);

  const rows = bench.tasks.map((task): InvokeRow => {
    const key = task.name as InvokeRow["key"];
    return { key, label: labels[key], ...latencyUs(task) };
  });
  const median = (key: InvokeRow["key"]) => rows.find((r) => r.key === key)?.medianUs ?? Number.NaN;
  const overhead = median("registry") - median("direct");
  return {
    rows,
    timeMs,
    maxSamples: MAX_SAMPLES,
    registryOverheadUs: overhead,
    langchainRatio: (median("langchain") - median("direct")) / overhead,
    mcpRatio: (median("mcp") - median("direct")) / overhead,
  };
}

/** `fn` with a task option that stops the measured run (not the warm-up) after `max` calls. */
function capped(fn: () => unknown, max: number): [() => unknown, FnOptions] {
  const stop = new AbortController();
  let calls = 0;
  let measuring = false;
  const wrapped = () => {
    if (measuring && ++calls >= max) stop.abort();
    return fn();
  };
  const beforeAll = (mode?: "run" | "warmup") => {
    measuring = mode === "run";
  };
  return [wrapped, { signal: stop.signal, beforeAll }];
}

async function checkAnswers(calls: Record<InvokeRow["key"], () => unknown>): Promise<void> {
  const direct = calls.direct();
  const viaRegistry = (await calls.registry()) as { ok: boolean; value?: unknown };
  const viaLangchain = await calls.langchain();
  const viaMcp = (await calls.mcp()) as { isError?: boolean; content?: { text?: string }[] };
  const answers = {
    direct,
    registry: viaRegistry.ok ? viaRegistry.value : viaRegistry,
    langchain: viaLangchain,
    mcp: viaMcp.isError ? viaMcp : Number(viaMcp.content?.[0]?.text),
  };
  for (const [key, value] of Object.entries(answers)) {
    if (value !== EXPECTED) {
      throw new Error(`${key} returned ${JSON.stringify(value)}, expected ${EXPECTED}`);
    }
  }
}
