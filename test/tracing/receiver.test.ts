/** The receiver itself must be strict, or the export tests would prove little. */
import { gzipSync } from "node:zlib";
import { SpanStatusCode } from "@opentelemetry/api";
import { JsonTraceSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LangfuseReceiver } from "./langfuse-receiver.ts";

const receiver = new LangfuseReceiver();
let url = "";
beforeAll(async () => {
  url = `${await receiver.start()}/api/public/otel/v1/traces`;
});
afterAll(() => receiver.stop());

const auth = `Basic ${Buffer.from(`${receiver.publicKey}:${receiver.secretKey}`).toString("base64")}`;

/** Two finished spans (a tool with a failing child), made by a real SDK tracer. */
async function spans(): Promise<ReadableSpan[]> {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(memory)] });
  const tracer = provider.getTracer("langfuse-sdk");
  const parent = tracer.startSpan("@x/tool", {
    attributes: {
      "langfuse.observation.type": "tool",
      "langfuse.observation.input": '{"a":1}',
      "langfuse.observation.metadata.cost": "0.5",
    },
  });
  const { trace, context } = await import("@opentelemetry/api");
  const child = tracer.startSpan(
    "child",
    { attributes: { "langfuse.observation.type": "generation" } },
    trace.setSpan(context.active(), parent),
  );
  child.setStatus({ code: SpanStatusCode.ERROR, message: "bad" });
  child.end();
  parent.end();
  // Not shutdown(): it would empty the in-memory exporter.
  await provider.forceFlush();
  return memory.getFinishedSpans();
}

async function post(body: Uint8Array, headers: Record<string, string>) {
  return fetch(url, { method: "POST", body, headers });
}

describe("LangfuseReceiver", () => {
  it("takes OTLP JSON and protobuf (gzipped too) and maps them alike", async () => {
    const finished = await spans();
    const json = JsonTraceSerializer.serializeRequest(finished) as Uint8Array;
    const proto = ProtobufTraceSerializer.serializeRequest(finished) as Uint8Array;
    for (const [body, headers] of [
      [json, { "content-type": "application/json" }],
      [proto, { "content-type": "application/x-protobuf" }],
      [gzipSync(proto), { "content-type": "application/x-protobuf", "content-encoding": "gzip" }],
    ] as const) {
      receiver.observations.length = 0;
      const res = await post(body, { ...headers, authorization: auth });
      expect(res.status).toBe(200);
      const [child, parent] = receiver.observations;
      expect(parent).toMatchObject({
        name: "@x/tool",
        type: "TOOL",
        input: { a: 1 },
        metadata: { cost: 0.5 },
        level: "DEFAULT",
        scope: "langfuse-sdk",
      });
      expect(child).toMatchObject({
        name: "child",
        type: "GENERATION",
        parentObservationId: parent?.id,
        traceId: parent?.traceId,
        level: "ERROR",
        statusMessage: "bad",
      });
      expect(parent?.traceId).toMatch(/^[0-9a-f]{32}$/);
    }
  });

  it("refuses missing or wrong credentials, other content types and malformed bodies", async () => {
    const json = JsonTraceSerializer.serializeRequest(await spans()) as Uint8Array;
    const type = { "content-type": "application/json" };
    expect((await post(json, type)).status).toBe(401);
    const wrong = `Basic ${Buffer.from(`${receiver.publicKey}:nope`).toString("base64")}`;
    expect((await post(json, { ...type, authorization: wrong })).status).toBe(401);
    expect((await post(json, { "content-type": "text/plain", authorization: auth })).status).toBe(
      415,
    );
    const bad = new TextEncoder().encode(
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"xyz"}]}]}]}',
    );
    expect((await post(bad, { ...type, authorization: auth })).status).toBe(400);
    expect((await fetch(url)).status).toBe(405);
  });
});
