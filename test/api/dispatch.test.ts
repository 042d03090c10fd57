/**
 * `dispatch`, the one door of both transports, and the renderer's client over it. The web host's
 * HTTP path is covered in test/hosts/web-host.test.ts; Electron's IPC cannot run here (no Electron
 * binary), so the renderer client is driven over `dispatch` directly — exactly what the preload's
 * `call(name, args)` carries over IPC, minus the IPC hop.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CALL_ERRORS, CallError } from "../../src-main/api/call-error.ts";
import { WORKBENCH_CALLS } from "../../src-main/api/contract.ts";
import { dispatch } from "../../src-main/api/dispatch.ts";
import { createWorkbench, type Workbench } from "../../src-main/api/workbench.ts";
import {
  createWorkbenchService,
  type WorkbenchService,
} from "../../src-main/api/workbench-service.ts";
import { ApiError, createClient, shownError } from "../../src-renderer/lib/api-client.ts";
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

  it("a handler's CallError is answered with its code, the call's name, its hint and field; the workbench keeps answering", async () => {
    const outcome = await dispatch(service, "agentRun", [
      { runId: "r-1", prompt: "hi", modelGroup: "main", tools: ["@nope/*"] },
    ]);
    expect(outcome).toEqual({
      ok: false,
      error: {
        code: "VALIDATION_ERROR",
        message: 'agentRun: tools: no tool matches "@nope/*"',
        hint: expect.stringMatching(/^give a tool name \(@math\/calculator\)/),
        field: "tools",
      },
    });
    expect(await dispatch(service, "listTools", [])).toMatchObject({ ok: true });
  });

  it("answers a thrown CallError with its code and hint, and its details; without a hint, the catalogue's", async () => {
    const throwing = (error: unknown) =>
      ({
        calls: {
          listTools: async () => {
            throw error;
          },
        },
      }) as unknown as WorkbenchService;
    expect(
      await dispatch(
        throwing(
          new CallError("CONFLICT", "runId: busy", {
            hint: "wait",
            field: "runId",
            details: { runId: "x" },
          }),
        ),
        "listTools",
        [],
      ),
    ).toEqual({
      ok: false,
      error: {
        code: "CONFLICT",
        message: "listTools: runId: busy",
        hint: "wait",
        field: "runId",
        details: { runId: "x" },
      },
    });
    expect(
      await dispatch(throwing(new CallError("TRUST_STALE", "it changed")), "listTools", []),
    ).toEqual({
      ok: false,
      error: {
        code: "TRUST_STALE",
        message: "listTools: it changed",
        hint: CALL_ERRORS.TRUST_STALE.hint,
      },
    });
  });

  it("anything else a handler throws is CALL_FAILED, keeping a hint it carries", async () => {
    const throwing = (error: unknown) =>
      ({
        calls: {
          listTools: async () => {
            throw error;
          },
        },
      }) as unknown as WorkbenchService;
    expect(await dispatch(throwing(new Error("disk full")), "listTools", [])).toEqual({
      ok: false,
      error: { code: "CALL_FAILED", message: "listTools: disk full" },
    });
    // A code the error makes up is not the API's: still CALL_FAILED, with its hint.
    const coded = Object.assign(new Error("nope"), { code: "EACCES", hint: "check permissions" });
    expect(await dispatch(throwing(coded), "listTools", [])).toEqual({
      ok: false,
      error: { code: "CALL_FAILED", message: "listTools: nope", hint: "check permissions" },
    });
    expect(await dispatch(throwing("a string"), "listTools", [])).toEqual({
      ok: false,
      error: { code: "CALL_FAILED", message: "listTools: a string" },
    });
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

  it("a handler's CallError reaches the renderer as ApiError with its code and hint apart", async () => {
    const error = await client()
      .agentApprove({ runId: "none", approvalId: "x", answer: "approve" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: "NOT_FOUND",
      message: 'agentApprove: runId: no running agent run "none"',
      hint: "the run has finished or was cancelled, or the id is wrong; agent-approval events carry it",
    });
    expect(shownError(error)).toEqual({
      message: 'agentApprove: runId: no running agent run "none"',
      hint: "the run has finished or was cancelled, or the id is wrong; agent-approval events carry it",
    });
  });
});
