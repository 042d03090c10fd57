/**
 * `dispatch`, the one door of both transports, and the renderer's client over it. The web host's
 * HTTP path is covered in test/hosts/web-host.test.ts; Electron's IPC cannot run here (no Electron
 * binary), so the renderer client is driven over `dispatch` directly — exactly what the preload's
 * `call(name, args)` carries over IPC, minus the IPC hop.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WORKBENCH_CALLS } from "../../src-main/api/contract.ts";
import { dispatch } from "../../src-main/api/dispatch.ts";
import { createWorkbench, type Workbench } from "../../src-main/api/workbench.ts";
import {
  createWorkbenchService,
  type WorkbenchService,
} from "../../src-main/api/workbench-service.ts";
import { ApiError, createClient } from "../../src-renderer/lib/api-client.ts";
import { tempDir } from "../helpers/temp-dir.ts";

let workbench: Workbench;
let service: WorkbenchService;

beforeAll(async () => {
  const home = await tempDir();
  workbench = await createWorkbench({
    env: { AGENTIC_HOME: home },
    workspaceRoot: await tempDir(),
    onlyPluginDirs: true,
    pluginDirs: [],
    isolation: false,
    adoptDefaultRegistry: false,
  });
  service = createWorkbenchService(workbench, { host: "web", version: "test" });
});
afterAll(async () => {
  service.close();
  await workbench.close();
});

describe("dispatch", () => {
  it("answers a good call with its result", async () => {
    const outcome = await dispatch(service, "invoke", [
      {
        name: "@math/calculator",
        params: { operation: "multiply", a: 6, b: 7 },
        invocationId: "d-1",
      },
    ]);
    expect(outcome).toMatchObject({ ok: true, result: { ok: true, value: 42 } });
  });

  it("an unknown call, even one named after an Object property, is UNKNOWN_CALL", async () => {
    for (const name of ["nope", "constructor", "__proto__", "toString"]) {
      expect(await dispatch(service, name, [])).toEqual({
        ok: false,
        error: {
          code: "UNKNOWN_CALL",
          message: `no API call ${JSON.stringify(name)}`,
          hint: expect.stringContaining("WorkbenchCalls"),
        },
      });
    }
  });

  it("bad arguments are VALIDATION_ERROR naming the call, the argument and the field", async () => {
    const cases: [string, unknown, RegExp][] = [
      ["getTool", [7], /^getTool: name: expected string/],
      ["invoke", [{ name: "@math/calculator", params: {} }], /^invoke: request\.invocationId: /],
      ["history", [{ status: "maybe" }], /^history: query\.status: /],
      ["traces", [{ limit: -1 }], /^traces: query\.limit: /],
      ["info", ["extra"], /^info: takes 0 arguments/],
      [
        "agentRun",
        [{ runId: "r", prompt: "p", modelGroup: "main", approval: "yes" }],
        /^agentRun: request\.approval: /,
      ],
      ["cancel", "not-an-array", /^cancel: the arguments must be an array/],
    ];
    for (const [name, args, message] of cases) {
      const outcome = await dispatch(service, name, args);
      expect(outcome.ok, name).toBe(false);
      if (outcome.ok) continue;
      expect(outcome.error.code, name).toBe("VALIDATION_ERROR");
      expect(outcome.error.message, name).toMatch(message);
    }
  });

  it("a handler's failure is CALL_FAILED with the call's name, and the workbench keeps answering", async () => {
    const outcome = await dispatch(service, "agentRun", [
      { runId: "r-1", prompt: "hi", modelGroup: "main", tools: ["@nope/*"] },
    ]);
    expect(outcome).toMatchObject({
      ok: false,
      error: {
        code: "CALL_FAILED",
        message: expect.stringMatching(/^agentRun: .*no tool matches/),
      },
    });
    expect(await dispatch(service, "listTools", [])).toMatchObject({ ok: true });
  });

  it("has a schema for every call of the contract", async () => {
    for (const name of WORKBENCH_CALLS) {
      const outcome = await dispatch(service, name, [1, 2, 3, 4]);
      // Four numbers fit no call: each answers VALIDATION_ERROR, none UNKNOWN_CALL.
      expect(outcome.ok ? "ok" : outcome.error.code, name).toBe("VALIDATION_ERROR");
    }
  });
});

describe("the renderer's client over dispatch (Electron's bridge shape)", () => {
  const client = () =>
    createClient(
      (name, args) => dispatch(service, name, args),
      () => () => undefined,
    );

  it("returns results and throws ApiError with the code, message and hint", async () => {
    const api = client();
    expect((await api.listTools()).map((t) => t.name)).toContain("@math/calculator");
    const error = await api.getTool(5 as unknown as string).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: "VALIDATION_ERROR",
      message: expect.stringMatching(/^getTool: name: /),
      hint: expect.stringContaining("contract.ts"),
    });
  });
});
