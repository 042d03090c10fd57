import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ToolRegistry } from "../../src-main/core/registry.ts";
import { createTracingFromEnv, type TracingSetup } from "../../src-main/tracing/tracing-setup.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { LangfuseReceiver, PROJECT_ID } from "./langfuse-receiver.ts";
import { echoTool, failTool } from "./pipeline-setup.ts";

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

async function registryFor(
  env: Record<string, string>,
): Promise<TracingSetup & { registry: ToolRegistry }> {
  const dir = await tempDir("agentic-tracing-setup-");
  const setup = createTracingFromEnv({ dir, env, exportTimeoutMs: 1_000 });
  cleanup.push(async () => {
    await setup.tracing.shutdown(2_000);
  });
  const registry = new ToolRegistry({ workspaceRoot: dir });
  registry.use(setup.tracing);
  registry.register(echoTool);
  registry.register(failTool);
  return { ...setup, registry };
}

describe("createTracingFromEnv", () => {
  it("with no Langfuse at all: traces go to the local store; exporters listed as disabled", async () => {
    const { registry, store, tracing, langfuse } = await registryFor({});
    const ok = await registry.invoke("@test/echo", { password: "p" });
    const failed = await registry.invoke("@test/fail", {});
    await tracing.flush(1_000);
    expect(langfuse).toBeUndefined();
    const traces = await store.query();
    expect(traces.map((t) => [t.traceId, t.status])).toEqual([
      [failed.traceId, "error"],
      [ok.traceId, "ok"],
    ]);
    expect(traces[1]?.observations[0]?.input).toEqual({ password: "[REDACTED]" });
    expect(tracing.health().exporters.map((e) => [e.name, e.state])).toEqual([
      ["langfuse", "disabled"],
      ["otlp", "disabled"],
    ]);
  });

  it("with the Langfuse env (LANGFUSE_HOST spelling): exports and links with the looked-up project", async () => {
    const receiver = new LangfuseReceiver();
    const baseUrl = await receiver.start();
    cleanup.push(() => receiver.stop());
    const { registry, tracing, langfuse } = await registryFor({
      LANGFUSE_PUBLIC_KEY: receiver.publicKey,
      LANGFUSE_SECRET_KEY: receiver.secretKey,
      LANGFUSE_HOST: baseUrl,
      AGENTIC_TRACE_REDACT_KEYS: "ssn, iban",
    });
    const result = await registry.invoke("@test/echo", { iban: "DE00", n: 1 });
    await tracing.flush(5_000);
    await receiver.waitFor((obs) => obs.length === 1);
    expect(receiver.observations[0]).toMatchObject({
      traceId: result.traceId,
      type: "TOOL",
      input: { iban: "[REDACTED]", n: 1 },
    });
    expect(await langfuse?.links.traceUrl(result.traceId as string)).toBe(
      `${baseUrl}/project/${PROJECT_ID}/traces/${result.traceId}`,
    );
    expect(tracing.health().exporters[0]).toMatchObject({
      name: "langfuse",
      state: "connected",
      exported: 1,
    });
  });

  it("with OTEL_EXPORTER_OTLP_ENDPOINT: the same spans reach a plain OTLP/HTTP endpoint", async () => {
    const bodies: { url: string; body: { resourceSpans: unknown[] } }[] = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        bodies.push({ url: req.url ?? "", body: JSON.parse(Buffer.concat(chunks).toString()) });
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    cleanup.push(() => new Promise((r) => server.close(() => r())));
    const { port } = server.address() as AddressInfo;
    const { registry, tracing } = await registryFor({
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
    });
    const result = await registry.invoke("@test/echo", { a: 1 });
    await tracing.flush(5_000);
    expect(bodies.map((b) => b.url)).toEqual(["/v1/traces"]);
    const text = JSON.stringify(bodies[0]?.body);
    expect(text).toContain(result.traceId as string);
    expect(text).toContain('"@test/echo"');
    expect(text).toContain('"agentic-workbench"'); // service.name
    expect(tracing.health().exporters.find((e) => e.name === "otlp")).toMatchObject({
      state: "connected",
      exported: 1,
    });
  });
});
