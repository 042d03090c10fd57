/**
 * `configureLangfuse` through the Workbench API: validation, settings.json (0600, atomic, no
 * secret back to the renderer), the exporter swapped without a restart, and start-up precedence.
 */
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SettingsFile } from "../../src-main/api/settings-file.ts";
import { createWorkbench, type Workbench } from "../../src-main/api/workbench.ts";
import {
  createWorkbenchService,
  type WorkbenchService,
} from "../../src-main/api/workbench-service.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { LangfuseReceiver, PROJECT_ID } from "../tracing/langfuse-receiver.ts";

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function start(
  home: string,
  env: Record<string, string> = {},
): Promise<{ workbench: Workbench; service: WorkbenchService }> {
  const workspace = await tempDir("agentic-lf-ws-");
  const workbench = await createWorkbench({
    env: { AGENTIC_HOME: home, ...env },
    workspaceRoot: workspace,
    onlyPluginDirs: true,
    pluginDirs: [],
    isolation: false,
    mcpServers: false,
  });
  const service = createWorkbenchService(workbench, { host: "web", version: "test" });
  cleanup.push(async () => {
    service.close();
    await workbench.close();
  });
  return { workbench, service };
}

async function receiver(keys: [string, string] = ["pk-lf-ui", "sk-lf-ui"]) {
  const r = new LangfuseReceiver(...keys);
  await r.start();
  cleanup.push(() => r.stop());
  return r;
}

const multiply = (service: WorkbenchService, a: number) =>
  service.calls.invoke({
    name: "@math/calculator",
    params: { operation: "multiply", a, b: 2 },
    invocationId: `inv-${a}-${Math.random()}`,
  });

describe("configureLangfuse", () => {
  it("connects without a restart, saves settings.json 0600, never returns the secret, and null disconnects", async () => {
    const home = await tempDir("agentic-lf-home-");
    const { workbench, service } = await start(home);
    const r = await receiver();
    const before = await service.calls.tracingStatus();
    expect(before.langfuse).toBeNull();
    expect(before.health.exporters.find((e) => e.name === "langfuse")?.state).toBe("disabled");

    const status = await service.calls.configureLangfuse({
      baseUrl: `${r.baseUrl}/`,
      publicKey: "pk-lf-ui",
      secretKey: "sk-lf-ui",
    });
    expect(status.langfuse).toEqual({
      baseUrl: r.baseUrl,
      publicKey: "pk-lf-ui",
      projectId: PROJECT_ID, // looked up through the public API with the new keys
      source: "settings",
    });
    expect(status.langfuseEnvConfigured).toBe(false);
    expect(JSON.stringify(status)).not.toContain("sk-lf-ui");
    expect(JSON.stringify(await service.calls.tracingStatus())).not.toContain("sk-lf-ui");

    // Saved owner-only, atomically (no temp file left), in the documented shape.
    const file = path.join(home, "settings.json");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual({
      langfuse: { baseUrl: r.baseUrl, publicKey: "pk-lf-ui", secretKey: "sk-lf-ui" },
    });
    expect((await readdir(home)).filter((f) => f.endsWith(".tmp"))).toEqual([]);

    // The next invocation arrives at the receiver, and its trace links there.
    const result = await multiply(service, 21);
    expect(result.ok).toBe(true);
    await workbench.tracing.tracing.flush(5_000);
    await r.waitFor((obs) => obs.some((o) => o.traceId === result.traceId));
    expect(r.observations.find((o) => o.traceId === result.traceId)).toMatchObject({
      type: "TOOL",
      name: "@math/calculator",
      output: 42,
    });
    expect((await service.calls.trace(result.traceId as string))?.langfuseUrl).toBe(
      `${r.baseUrl}/project/${PROJECT_ID}/traces/${result.traceId}`,
    );
    const after = await service.calls.tracingStatus();
    expect(after.health.exporters.find((e) => e.name === "langfuse")).toMatchObject({
      state: "connected",
      exported: 1,
    });

    // Disconnect: removed from settings.json, nothing more exported, invocations unaffected.
    const cleared = await service.calls.configureLangfuse(null);
    expect(cleared.langfuse).toBeNull();
    expect(cleared.health.exporters.find((e) => e.name === "langfuse")?.state).toBe("disabled");
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual({});
    const later = await multiply(service, 5);
    expect(later.ok).toBe(true);
    await workbench.tracing.tracing.flush(5_000);
    await new Promise((res) => setTimeout(res, 300));
    expect(r.observations.map((o) => o.traceId)).toEqual([result.traceId]);
    expect((await service.calls.trace(later.traceId as string))?.langfuseUrl).toBeUndefined();
    expect((await service.calls.traces({})).map((t) => t.traceId)).toContain(later.traceId);
  });

  it("refuses invalid settings with the field named, and changes nothing", async () => {
    const home = await tempDir("agentic-lf-home-");
    const { service } = await start(home);
    const good = { baseUrl: "http://localhost:3000", publicKey: "pk", secretKey: "sk" };
    await expect(
      service.calls.configureLangfuse({ ...good, baseUrl: "file:///etc/passwd" }),
    ).rejects.toThrow(/^baseUrl: must be an http\(s\) URL/);
    await expect(service.calls.configureLangfuse({ ...good, publicKey: "" })).rejects.toThrow(
      /^publicKey: is required/,
    );
    await expect(service.calls.configureLangfuse({ ...good, secretKey: " " })).rejects.toThrow(
      /^secretKey: must not be blank/,
    );
    expect((await service.calls.tracingStatus()).langfuse).toBeNull();
    await expect(stat(path.join(home, "settings.json"))).rejects.toMatchObject({
      code: "ENOENT",
    });
  });

  it("Save checks the connection and the keys: nothing listening, wrong keys, another project are refused, naming the field", async () => {
    const home = await tempDir("agentic-lf-home-");
    const { service } = await start(home);
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise((r) => server.close(r));
    const keys = { publicKey: "pk-lf-ui", secretKey: "sk-lf-ui" };
    await expect(
      service.calls.configureLangfuse({ baseUrl: `http://127.0.0.1:${port}`, ...keys }),
    ).rejects.toThrow(/^baseUrl: nothing answers at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);

    const r = await receiver();
    await expect(
      service.calls.configureLangfuse({ baseUrl: r.baseUrl, ...keys, secretKey: "sk-wrong" }),
    ).rejects.toThrow(/^secretKey: Langfuse at .* refused these keys \(HTTP 401\)/);
    await expect(
      service.calls.configureLangfuse({ baseUrl: r.baseUrl, ...keys, projectId: "proj-old" }),
    ).rejects.toThrow(`projectId: these keys belong to project ${PROJECT_ID}, not proj-old`);
    expect((await service.calls.tracingStatus()).langfuse).toBeNull();
    await expect(stat(path.join(home, "settings.json"))).rejects.toMatchObject({
      code: "ENOENT",
    });

    // "Open in Langfuse" only for traces sent there: not for one recorded before connecting.
    const before = await multiply(service, 1);
    await service.calls.configureLangfuse({ baseUrl: r.baseUrl, ...keys });
    expect((await service.calls.trace(before.traceId as string))?.langfuseUrl).toBeUndefined();
    const sent = await multiply(service, 2);
    expect((await service.calls.trace(sent.traceId as string))?.langfuseUrl).toBe(
      `${r.baseUrl}/project/${PROJECT_ID}/traces/${sent.traceId}`,
    );

    // Switching to another Langfuse looks its project up again; old traces are not linked there.
    const other = await receiver(["pk-lf-two", "sk-lf-two"]);
    const status = await service.calls.configureLangfuse({
      baseUrl: other.baseUrl,
      publicKey: "pk-lf-two",
      secretKey: "sk-lf-two",
    });
    expect(status.langfuse).toMatchObject({ baseUrl: other.baseUrl, projectId: PROJECT_ID });
    expect((await service.calls.trace(sent.traceId as string))?.langfuseUrl).toBeUndefined();
  });

  it("keeps other keys of settings.json and tightens its mode", async () => {
    const home = await tempDir("agentic-lf-home-");
    await writeFile(path.join(home, "settings.json"), '{ "theme": "dark" }\n', { mode: 0o644 });
    const settings = new SettingsFile(home);
    await settings.writeLangfuse({ baseUrl: "http://x:1", publicKey: "p", secretKey: "s" });
    const file = path.join(home, "settings.json");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual({
      theme: "dark",
      langfuse: { baseUrl: "http://x:1", publicKey: "p", secretKey: "s" },
    });
    await settings.writeLangfuse(null);
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual({ theme: "dark" });
    // Broken or invalid files are ignored on read, not fatal.
    await writeFile(file, "{ torn");
    expect(await settings.readLangfuse()).toBeUndefined();
    await writeFile(file, '{ "langfuse": { "baseUrl": "gopher://x", "publicKey": "p" } }');
    expect(await settings.readLangfuse()).toBeUndefined();
  });

  it("at start-up: saved settings are used; the environment wins when it sets both keys", async () => {
    const home = await tempDir("agentic-lf-home-");
    const saved = await receiver();
    const fromEnv = await receiver(["pk-lf-env", "sk-lf-env"]);
    await new SettingsFile(home).writeLangfuse({
      baseUrl: saved.baseUrl,
      publicKey: "pk-lf-ui",
      secretKey: "sk-lf-ui",
      projectId: "saved-project",
    });

    const first = await start(home);
    expect((await first.service.calls.tracingStatus()).langfuse).toEqual({
      baseUrl: saved.baseUrl,
      publicKey: "pk-lf-ui",
      projectId: "saved-project",
      source: "settings",
    });
    const one = await multiply(first.service, 1);
    await first.workbench.tracing.tracing.flush(5_000);
    await saved.waitFor((obs) => obs.some((o) => o.traceId === one.traceId));

    const second = await start(home, {
      LANGFUSE_PUBLIC_KEY: "pk-lf-env",
      LANGFUSE_SECRET_KEY: "sk-lf-env",
      LANGFUSE_BASE_URL: fromEnv.baseUrl,
      LANGFUSE_PROJECT_ID: "env-project",
    });
    const status = await second.service.calls.tracingStatus();
    expect(status.langfuse).toMatchObject({ source: "env", publicKey: "pk-lf-env" });
    expect(status.langfuseEnvConfigured).toBe(true);
    const two = await multiply(second.service, 2);
    await second.workbench.tracing.tracing.flush(5_000);
    await fromEnv.waitFor((obs) => obs.some((o) => o.traceId === two.traceId));
    expect(saved.observations.some((o) => o.traceId === two.traceId)).toBe(false);
  });
});
