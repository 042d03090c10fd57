/**
 * Deeply nested parameters and results, and results past the size cap: refused with a clear
 * error naming the tool, and history keeps working afterwards. In the plugin host and in-process.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createWorkbench, type Workbench } from "../../src-main/api/workbench.ts";
import { findTooDeep, maxResultBytes } from "../../src-main/core/json-limits.ts";
import { findUnserializable } from "../../src-main/core/result.ts";
import { redact } from "../../src-main/tracing/redact.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const LEVELS = 200_000;
/** 200,000 nested arrays: 400 KB of JSON, within the web host's 1 MiB body limit. */
const deepJson = () => `{"a":${"[".repeat(LEVELS)}${"]".repeat(LEVELS)}}`;

const PLUGIN = `export const echo = {
  metadata: { name: "@t/echo", description: "Returns its parameters.", deterministic: true,
    costPerInvocation: 0, parametersSchema: { type: "object" } },
  invoke: (p) => p,
};
export const deep = {
  metadata: { name: "@t/deep", description: "Returns a deeply nested value.", deterministic: true,
    costPerInvocation: 0, parametersSchema: { type: "object" } },
  invoke: () => { let v = []; for (let i = 0; i < ${LEVELS}; i++) v = [v]; return { v }; },
};
export const big = {
  metadata: { name: "@t/big", description: "Returns a large string.", deterministic: true,
    costPerInvocation: 0, parametersSchema: { type: "object", properties: { mib: { type: "number" } } } },
  invoke: (p) => ({ text: "x".repeat(p.mib * 1024 * 1024) }),
};`;

const open: Workbench[] = [];
afterAll(async () => {
  await Promise.all(open.map((w) => w.close()));
});

async function workbench(isolation: boolean): Promise<Workbench> {
  const dir = await tempDir("agentic-limits-plugins-");
  await writeFile(path.join(dir, "limits.mjs"), PLUGIN);
  const wb = await createWorkbench({
    workspaceRoot: await tempDir("agentic-limits-ws-"),
    pluginDirs: [dir],
    onlyPluginDirs: true,
    env: { AGENTIC_HOME: await tempDir("agentic-limits-home-") },
    mcpServers: false,
    ...(isolation ? {} : { isolation: false }),
  });
  open.push(wb);
  return wb;
}

describe.each([
  ["in the plugin host", true],
  ["in-process", false],
])("%s", (_label, isolation) => {
  it("parameters nested 200,000 levels deep are a VALIDATION_ERROR, and history still works", async () => {
    const wb = await workbench(isolation);
    const result = await wb.registry.invoke("@t/echo", JSON.parse(deepJson()));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("VALIDATION_ERROR");
    expect(result.error.message).toMatch(
      /^@t\/echo: invalid parameters: nested deeper than 256 levels at \/a\/0\/0/,
    );
    expect(result.error.hint).toMatch(/256 levels/);
    // The next call, its history entry and the history query are unharmed.
    expect(await wb.registry.invoke("@t/echo", { fine: [[1]] })).toMatchObject({ ok: true });
    await wb.history.flush();
    expect(wb.history.query().some((e) => e.tool === "@t/echo")).toBe(true);
  });

  it("parameters 256 levels deep still pass", async () => {
    const wb = await workbench(isolation);
    let params: unknown = { leaf: 1 };
    for (let i = 1; i < 256; i++) params = { n: params };
    expect(await wb.registry.invoke("@t/echo", params)).toMatchObject({ ok: true });
  });

  it("a result nested 200,000 levels deep is RESULT_NOT_SERIALIZABLE", async () => {
    const wb = await workbench(isolation);
    const result = await wb.registry.invoke("@t/deep", {});
    expect(result).toMatchObject({ ok: false, error: { code: "RESULT_NOT_SERIALIZABLE" } });
    if (result.ok) return;
    expect(result.error.message).toMatch(/^@t\/deep: .*nested deeper than 256 levels/);
    await wb.history.flush();
    expect(wb.history.query().find((e) => e.tool === "@t/deep")?.ok).toBe(false);
  });

  it("a result over the 32 MiB cap is refused naming the tool, the cap and how to change it", async () => {
    const wb = await workbench(isolation);
    const result = await wb.registry.invoke("@t/big", { mib: 33 });
    expect(result).toMatchObject({ ok: false, error: { code: "RESULT_NOT_SERIALIZABLE" } });
    if (result.ok) return;
    expect(result.error.message).toMatch(/^@t\/big: .*result cap of 32 MiB/);
    expect(result.error.message).toContain("AGENTIC_MAX_RESULT_BYTES");
    expect(await wb.registry.invoke("@t/big", { mib: 1 })).toMatchObject({ ok: true });
  });
});

describe("the limits themselves", () => {
  it("AGENTIC_MAX_RESULT_BYTES sets the cap; nonsense falls back to 32 MiB", () => {
    expect(maxResultBytes({ AGENTIC_MAX_RESULT_BYTES: "1000" })).toBe(1000);
    expect(maxResultBytes({ AGENTIC_MAX_RESULT_BYTES: "lots" })).toBe(32 * 1024 * 1024);
    expect(
      findUnserializable({ s: "x".repeat(2000) }, { maxDepth: 256, maxBytes: 1000 })?.reason,
    ).toMatch(/result cap of 1000 bytes/);
  });

  it("findTooDeep and redact do not overflow on 200,000 levels", () => {
    const deep = JSON.parse(deepJson());
    // The first array past level 256 is 256 keys below the top-level object: "/a/0/…/0".
    expect(findTooDeep(deep)?.split("/").slice(1)).toHaveLength(256);
    expect(JSON.stringify(redact(deep))).toContain("[nested too deep]");
  });
});
