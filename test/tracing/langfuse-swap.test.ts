/**
 * Langfuse set at run time: the tracing layer's replaceable exporter slot, the precedence of the
 * environment over saved settings, and the validation of settings given in the UI.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ToolRegistry } from "../../src-main/core/registry.ts";
import {
  LangfuseSettingsError,
  parseLangfuseSettings,
} from "../../src-main/tracing/langfuse-config.ts";
import type { TraceExporter, TraceRecord } from "../../src-main/tracing/trace-types.ts";
import { createTracingMiddleware } from "../../src-main/tracing/tracing-middleware.ts";
import { createTracingFromEnv, type TracingSetup } from "../../src-main/tracing/tracing-setup.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { LangfuseReceiver, PROJECT_ID } from "./langfuse-receiver.ts";
import { echoTool } from "./pipeline-setup.ts";

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function receiver(keys?: [string, string]): Promise<LangfuseReceiver> {
  const r = keys ? new LangfuseReceiver(...keys) : new LangfuseReceiver();
  await r.start();
  cleanup.push(() => r.stop());
  return r;
}

function configOf(r: LangfuseReceiver, projectId?: string) {
  return {
    baseUrl: r.baseUrl,
    publicKey: r.publicKey,
    secretKey: r.secretKey,
    ...(projectId ? { projectId } : {}),
  };
}

async function setup(
  env: Record<string, string> = {},
  langfuseSettings?: ReturnType<typeof configOf>,
): Promise<TracingSetup & { registry: ToolRegistry }> {
  const dir = await tempDir("agentic-langfuse-swap-");
  const tracing = createTracingFromEnv({ dir, env, exportTimeoutMs: 1_000, langfuseSettings });
  cleanup.push(() => tracing.tracing.shutdown(2_000));
  const registry = new ToolRegistry({ workspaceRoot: dir });
  registry.use(tracing.tracing);
  registry.register(echoTool);
  return Object.assign(tracing, { registry });
}

const langfuseHealth = (t: TracingSetup) =>
  t.tracing.health().exporters.find((e) => e.name === "langfuse");

describe("configureLangfuse: swapping the Langfuse exporter at run time", () => {
  it("starts with none, connects to a receiver, moves to another, then disconnects", async () => {
    const t = await setup();
    expect(t.langfuse).toBeUndefined();
    expect(langfuseHealth(t)).toMatchObject({ state: "disabled" });
    const before = await t.registry.invoke("@test/echo", { n: 0 });

    const first = await receiver();
    t.configureLangfuse(configOf(first));
    expect(t.langfuse).toMatchObject({ source: "settings", config: { baseUrl: first.baseUrl } });
    const one = await t.registry.invoke("@test/echo", { n: 1 });
    await t.tracing.flush(5_000);
    await first.waitFor((obs) => obs.some((o) => o.traceId === one.traceId));
    expect(first.observations.map((o) => o.traceId)).toEqual([one.traceId]); // not `before`
    expect(first.observations[0]).toMatchObject({ type: "TOOL", name: "@test/echo" });
    expect(langfuseHealth(t)).toMatchObject({ state: "connected", exported: 1, dropped: 0 });
    expect(await t.langfuse?.links.traceUrl(one.traceId as string)).toBe(
      `${first.baseUrl}/project/${PROJECT_ID}/traces/${one.traceId}`,
    );

    // Another Langfuse, other keys, a configured project id: fresh counts, links follow.
    const second = await receiver(["pk-lf-two", "sk-lf-two"]);
    t.configureLangfuse(configOf(second, "proj-two"));
    expect(langfuseHealth(t)).toMatchObject({ state: "connected", exported: 0, dropped: 0 });
    const two = await t.registry.invoke("@test/echo", { n: 2 });
    await t.tracing.flush(5_000);
    await second.waitFor((obs) => obs.some((o) => o.traceId === two.traceId));
    expect(first.observations.map((o) => o.traceId)).toEqual([one.traceId]);
    expect(second.observations.map((o) => o.traceId)).toEqual([two.traceId]);
    expect(await t.langfuse?.links.traceUrl("ab")).toBe(
      `${second.baseUrl}/project/proj-two/traces/ab`,
    );

    // Disconnected: nothing more is exported anywhere; the local store still has everything.
    t.configureLangfuse(null);
    expect(t.langfuse).toBeUndefined();
    expect(langfuseHealth(t)).toMatchObject({
      state: "disabled",
      reason: "disconnected in the UI",
    });
    const three = await t.registry.invoke("@test/echo", { n: 3 });
    expect(three.ok).toBe(true);
    await t.tracing.flush(5_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(second.observations.map((o) => o.traceId)).toEqual([two.traceId]);
    expect(first.observations).toHaveLength(1);
    const stored = await t.store.query();
    expect(stored.map((r) => r.traceId)).toEqual([
      three.traceId,
      two.traceId,
      one.traceId,
      before.traceId,
    ]);
  });

  it("a replaced exporter still delivers what it held before the swap", async () => {
    const first = await receiver();
    const t = await setup({}, configOf(first));
    const results = await Promise.all([1, 2, 3].map((n) => t.registry.invoke("@test/echo", { n })));
    // Swapped at once, before the batch was sent.
    t.configureLangfuse(null);
    await t.tracing.flush(5_000);
    await first.waitFor((obs) => obs.length === 3);
    expect(new Set(first.observations.map((o) => o.traceId))).toEqual(
      new Set(results.map((r) => r.traceId)),
    );
  });

  it("keeps the slot's place and health right when one slot is swapped among others", async () => {
    const seen: string[] = [];
    const other: TraceExporter = {
      name: "other",
      export: (trace: TraceRecord) => {
        seen.push(trace.traceId);
      },
    };
    const tracing = createTracingMiddleware({
      exporters: [other],
      disabled: [{ name: "langfuse", reason: "not set" }],
    });
    const names = () => tracing.health().exporters.map((e) => `${e.name}:${e.state}`);
    expect(names()).toEqual(["other:connected", "langfuse:disabled"]);
    const got: string[] = [];
    tracing.setExporter("langfuse", {
      name: "langfuse",
      export: (trace) => {
        got.push(trace.traceId);
      },
    });
    expect(names()).toEqual(["other:connected", "langfuse:connected"]);
    tracing.setExporter("other", { disabled: "switched off" });
    expect(names()).toEqual(["langfuse:connected", "other:disabled"]);
    tracing.setExporter("langfuse", { disabled: "gone" });
    expect(tracing.health().exporters.map((e) => e.reason)).toEqual(["switched off", "gone"]);
    expect(await tracing.shutdown(1_000)).toBe(true);
  });
});

describe("Langfuse precedence at start-up", () => {
  it("the environment wins over saved settings", async () => {
    const fromEnv = await receiver(["pk-env", "sk-env"]);
    const saved = await receiver(["pk-saved", "sk-saved"]);
    const t = await setup(
      {
        LANGFUSE_PUBLIC_KEY: "pk-env",
        LANGFUSE_SECRET_KEY: "sk-env",
        LANGFUSE_BASE_URL: fromEnv.baseUrl,
      },
      configOf(saved),
    );
    expect(t.langfuse).toMatchObject({ source: "env", config: { publicKey: "pk-env" } });
    expect(t.langfuseEnvConfigured).toBe(true);
    const r = await t.registry.invoke("@test/echo", {});
    await t.tracing.flush(5_000);
    await fromEnv.waitFor((obs) => obs.some((o) => o.traceId === r.traceId));
    expect(saved.observations).toEqual([]);
  });

  it("saved settings apply when the environment does not set both keys", async () => {
    const saved = await receiver();
    const t = await setup({ LANGFUSE_PUBLIC_KEY: "pk-only" }, configOf(saved));
    expect(t.langfuse).toMatchObject({ source: "settings" });
    expect(t.langfuseEnvConfigured).toBe(false);
    const r = await t.registry.invoke("@test/echo", {});
    await t.tracing.flush(5_000);
    await saved.waitFor((obs) => obs.some((o) => o.traceId === r.traceId));
  });
});

describe("parseLangfuseSettings", () => {
  const good = { baseUrl: "http://localhost:3000/", publicKey: " pk-lf-1 ", secretKey: "sk-lf-1" };

  it("normalises: trailing slashes dropped, keys trimmed, empty project id means none", () => {
    expect(parseLangfuseSettings({ ...good, projectId: "" })).toEqual({
      baseUrl: "http://localhost:3000",
      publicKey: "pk-lf-1",
      secretKey: "sk-lf-1",
    });
    expect(
      parseLangfuseSettings({ ...good, baseUrl: "https://lf.example/base/", projectId: "p" }),
    ).toMatchObject({ baseUrl: "https://lf.example/base", projectId: "p" });
  });

  it.each([
    [{ ...good, baseUrl: "ftp://host" }, "baseUrl", /http\(s\) URL.*ftp/],
    [{ ...good, baseUrl: "localhost:3000" }, "baseUrl", /http\(s\) URL/],
    [{ ...good, baseUrl: "not-a-url" }, "baseUrl", /http\(s\) URL.*"not-a-url"/],
    [{ ...good, baseUrl: "http://lf host" }, "baseUrl", /spaces/],
    [{ ...good, baseUrl: "http://u:p@host" }, "baseUrl", /credentials/],
    [{ ...good, baseUrl: undefined }, "baseUrl", /required/],
    [{ ...good, publicKey: "" }, "publicKey", /required/],
    [{ ...good, publicKey: "   " }, "publicKey", /blank/],
    [{ ...good, secretKey: undefined }, "secretKey", /required/],
    [{ ...good, secretKey: 42 }, "secretKey", /string/],
    [{ ...good, secretKey: "sk lf" }, "secretKey", /spaces/],
    [{ ...good, projectId: 7 }, "projectId", /string/],
    [{ ...good, secret: "x" }, "secret", /not a Langfuse setting/],
    ["http://localhost:3000", "settings", /object/],
  ])("refuses %j naming %s", (input, field, message) => {
    let thrown: unknown;
    try {
      parseLangfuseSettings(input);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(LangfuseSettingsError);
    expect((thrown as LangfuseSettingsError).field).toBe(field);
    expect((thrown as Error).message).toMatch(new RegExp(`^${field}: `));
    expect((thrown as Error).message).toMatch(message);
  });
});
