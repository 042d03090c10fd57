import { trace } from "@opentelemetry/api";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterEach, describe, expect, it } from "vitest";
import { isTraceId } from "../../src-main/tracing/trace-ids.ts";
import { type Pipeline, pipeline } from "./pipeline-setup.ts";

let current: (Pipeline & { close(): Promise<void> }) | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

describe("Langfuse export through the real SDK", () => {
  it("exports one tool observation per invocation, with name, input, output, cost, metadata", async () => {
    current = await pipeline();
    const { registry, receiver, tracing } = current;
    const result = await registry.invoke("@test/echo", { text: "hi", n: 2 });
    expect(result.ok).toBe(true);
    expect(isTraceId(result.traceId)).toBe(true);
    expect(await tracing.flush(5_000)).toBe(true);
    await receiver.waitFor((obs) => obs.length === 1);

    const [obs] = receiver.observations;
    expect(obs).toMatchObject({
      traceId: result.traceId,
      name: "@test/echo",
      type: "TOOL",
      traceName: "@test/echo",
      level: "DEFAULT",
      input: { text: "hi", n: 2 },
      output: { echoed: { text: "hi", n: 2 }, session: { token: "[REDACTED]" } },
      costDetails: { total: 0.25 },
      metadata: {
        deterministic: true,
        source: "builtin",
        cost: 0.25,
        invocationId: result.invocationId,
        toolVersion: "1.2.3",
      },
      scope: "langfuse-sdk",
    });
    expect(obs?.parentObservationId).toBeUndefined();
    expect(obs?.statusMessage).toBeUndefined();
    expect(obs?.endTimeMs).toBeGreaterThanOrEqual(obs?.startTimeMs as number);
    // Authenticated with Basic public:secret, as JSON: the receiver would have said 401 / 415.
    expect(receiver.requests.map((r) => `${r.status} ${r.contentType}`)).toEqual([
      "200 application/json",
    ]);
    // Same ids as the local store.
    const stored = await current.store.get(result.traceId as string);
    expect(stored?.observations[0]?.id).toBe(obs?.id);
  });

  it("marks failures (tool errors and validation errors) as level ERROR with the message", async () => {
    current = await pipeline();
    const { registry, receiver, tracing } = current;
    const failed = await registry.invoke("@test/fail", {});
    const invalid = await registry.invoke("@test/strict", { n: "two" });
    expect(failed.ok).toBe(false);
    expect(invalid.ok).toBe(false);
    await tracing.flush(5_000);
    await receiver.waitFor((obs) => obs.length === 2);
    const byTrace = new Map(receiver.observations.map((o) => [o.traceId, o]));
    expect(byTrace.get(failed.traceId as string)).toMatchObject({
      name: "@test/fail",
      type: "TOOL",
      level: "ERROR",
      metadata: { errorCode: "TOOL_ERROR", deterministic: false },
    });
    expect(byTrace.get(failed.traceId as string)?.statusMessage).toContain("the disk is on fire");
    expect(byTrace.get(invalid.traceId as string)).toMatchObject({
      level: "ERROR",
      metadata: { errorCode: "VALIDATION_ERROR" },
      input: { n: "two" },
    });
    expect(byTrace.get(invalid.traceId as string)?.statusMessage).toMatch(/invalid parameters/);
  });

  it("redacts secrets before export and in the store, without touching the caller's params", async () => {
    current = await pipeline({ tracing: { redactKeys: ["ssn"] } });
    const { registry, receiver, tracing, store } = current;
    const params = {
      query: "q",
      api_key: "sk-live-123",
      nested: { Authorization: "Bearer xyz", list: [{ password: "p", ssn: "078-05-1120" }] },
    };
    const snapshot = structuredClone(params);
    const result = await registry.invoke("@test/echo", params);
    expect(params).toEqual(snapshot);
    // The caller gets the real value: redaction is for the sinks only.
    expect(result.ok && (result.value as { echoed: unknown }).echoed).toEqual(snapshot);
    await tracing.flush(5_000);
    await receiver.waitFor((obs) => obs.length === 1);
    const redacted = {
      query: "q",
      api_key: "[REDACTED]",
      nested: {
        Authorization: "[REDACTED]",
        list: [{ password: "[REDACTED]", ssn: "[REDACTED]" }],
      },
    };
    expect(receiver.observations[0]?.input).toEqual(redacted);
    const wire = JSON.stringify(receiver.observations[0]?.attributes);
    for (const secret of ["sk-live-123", "Bearer xyz", "078-05-1120", "tok-out"]) {
      expect(wire).not.toContain(secret);
    }
    const stored = await store.get(result.traceId as string);
    expect(stored?.observations[0]?.input).toEqual(redacted);
    expect(JSON.stringify(stored)).not.toContain("sk-live-123");
  });

  it("nests a tool's generation inside its tool observation", async () => {
    current = await pipeline();
    const { registry, receiver, tracing, store } = current;
    const result = await registry.invoke("@test/llm", { q: 1 });
    expect(result.ok).toBe(true);
    await tracing.flush(5_000);
    await receiver.waitFor((obs) => obs.length === 2);
    const tool = receiver.observations.find((o) => o.type === "TOOL");
    const gen = receiver.observations.find((o) => o.type === "GENERATION");
    expect(tool?.traceId).toBe(result.traceId);
    expect(gen).toMatchObject({
      traceId: result.traceId,
      parentObservationId: tool?.id,
      name: "chat gpt-x",
      input: { messages: [{ role: "user", content: "hi" }], api_key: "[REDACTED]" },
      output: { content: "hello" },
      metadata: { model: "gpt-x" },
    });
    // Only the tool observation names the trace.
    expect(gen?.traceName).toBeUndefined();
    const stored = await store.get(result.traceId as string);
    expect(stored?.observations.map((o) => o.type)).toEqual(["tool", "generation"]);
    expect(stored?.cost).toBeCloseTo(0.01);
  });

  it("uses its own tracer provider: a global OpenTelemetry SDK neither swallows nor sees our spans", async () => {
    const foreign = new InMemorySpanExporter();
    const global = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(foreign)] });
    trace.setGlobalTracerProvider(global);
    try {
      current = await pipeline();
      const { registry, receiver, tracing } = current;
      // Someone else's span, through the global API.
      trace.getTracer("someone-else").startSpan("theirs").end();
      const result = await registry.invoke("@test/echo", { a: 1 });
      await tracing.flush(5_000);
      await receiver.waitFor((obs) => obs.length === 1);
      expect(receiver.observations[0]?.traceId).toBe(result.traceId);
      expect(foreign.getFinishedSpans().map((s) => s.name)).toEqual(["theirs"]);
    } finally {
      trace.disable();
      await global.shutdown();
    }
  });

  it("reports 401 from wrong keys as a failing exporter; invocations are unaffected", async () => {
    current = await pipeline({ keys: { publicKey: "pk-lf-test", secretKey: "wrong" } });
    const { registry, receiver, tracing } = current;
    const result = await registry.invoke("@test/echo", { a: 1 });
    expect(result.ok).toBe(true);
    await tracing.flush(5_000);
    expect(receiver.requests.some((r) => r.status === 401)).toBe(true);
    expect(receiver.observations).toEqual([]);
    const [langfuse] = tracing.health().exporters;
    expect(langfuse).toMatchObject({ name: "langfuse", state: "failing", exported: 0, dropped: 1 });
    expect(langfuse?.lastError).toMatch(/401|Unauthorized/i);
  });
});
