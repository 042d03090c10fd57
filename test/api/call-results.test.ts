/**
 * The results' schemas (api/call-results.ts): one for every call, the real service's results fit
 * them over `dispatch`, and `checkResults` fails a result that does not fit with RESULT_SCHEMA
 * naming the call and the field. (The web host's suite runs every call with the check on.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RESULT_SCHEMAS } from "../../src-main/api/call-results.ts";
import { WORKBENCH_CALLS, type WorkbenchCalls } from "../../src-main/api/contract.ts";
import { dispatch } from "../../src-main/api/dispatch.ts";
import { createWorkbench, type Workbench } from "../../src-main/api/workbench.ts";
import {
  createWorkbenchService,
  type WorkbenchService,
} from "../../src-main/api/workbench-service.ts";
import { tempDir } from "../helpers/temp-dir.ts";

let workbench: Workbench;
let service: WorkbenchService;

beforeAll(async () => {
  workbench = await createWorkbench({
    env: { AGENTIC_HOME: await tempDir() },
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

/** A service whose one call answers `result`. */
function answering(name: keyof WorkbenchCalls, result: unknown) {
  return { calls: { [name]: async () => result } as unknown as WorkbenchCalls };
}

describe("the result schemas", () => {
  it("cover every call, and no call that does not exist", () => {
    expect(Object.keys(RESULT_SCHEMAS).sort()).toEqual([...WORKBENCH_CALLS].sort());
  });

  it("take what the real service answers over dispatch", async () => {
    const calls: [string, unknown[]][] = [
      ["info", []],
      ["listTools", []],
      ["listTools", [{ scope: "math" }]],
      ["getTool", ["@math/calculator"]],
      ["getTool", ["@nope/nothing"]],
      ["suggestTools", ["calculater"]],
      ["exportTools", ["openai"]],
      ["exportTools", ["anthropic"]],
      ["exportTools", ["mcp"]],
      ["validate", ["@math/calculator", { operation: "divide", a: 1 }]],
      [
        "invoke",
        [
          {
            name: "@math/calculator",
            params: { operation: "add", a: 1, b: 2 },
            invocationId: "r-1",
          },
        ],
      ],
      ["invoke", [{ name: "@math/calculator", params: { a: "x" }, invocationId: "r-2" }]],
      ["invoke", [{ name: "@nope/nothing", params: {}, invocationId: "r-3" }]],
      ["cancel", ["r-none"]],
      ["history", []],
      ["costTotals", []],
      ["pluginReport", []],
      ["chooseWorkspace", []],
      ["traces", []],
      ["traceRecords", []],
      ["tracingStatus", []],
      ["workspaceTrust", []],
      ["revokeWorkspaceTrust", []],
      ["testSuites", []],
      ["runTests", []],
    ];
    for (const [name, args] of calls) {
      const outcome = await dispatch(service, name, args, { checkResults: true });
      expect(outcome, `${name}(${JSON.stringify(args)})`).toMatchObject({ ok: true });
    }
    // A whole trace, as `trace` gives it.
    const [first] = (await service.calls.traces()) ?? [];
    expect(first).toBeDefined();
    const trace = await dispatch(service, "trace", [first?.traceId], { checkResults: true });
    expect(trace).toMatchObject({ ok: true, result: { traceId: first?.traceId } });
  });

  it("fail a result of the wrong type with RESULT_SCHEMA, naming the call and the field", async () => {
    const info = {
      host: "web",
      version: 3,
      workspaceRoot: "/w",
      agenticHome: "/h",
      pluginDirs: [],
      canChooseWorkspace: false,
    };
    const outcome = await dispatch(answering("info", info), "info", [], { checkResults: true });
    expect(outcome).toMatchObject({
      ok: false,
      error: { code: "RESULT_SCHEMA", field: "version" },
    });
    if (outcome.ok) return;
    expect(outcome.error.message).toMatch(/^info: result\.version: /);
    expect(outcome.error.hint).toContain("call-results.ts");
  });

  it("catch an internal field leaking onto the wire, and a missing one, deep in the result", async () => {
    const summary = {
      name: "@a/b",
      scope: "a",
      description: "d",
      deterministic: true,
      costPerInvocation: 0,
      needsApproval: false,
      source: "builtin",
      sourceKind: "builtin",
    };
    const leak = await dispatch(
      answering("listTools", [summary, { ...summary, internalHandle: {} }]),
      "listTools",
      [],
      { checkResults: true },
    );
    expect(leak).toMatchObject({ ok: false, error: { code: "RESULT_SCHEMA", field: "1" } });
    if (!leak.ok) expect(leak.error.message).toContain("internalHandle");

    const { needsApproval: _, ...missing } = summary;
    const gap = await dispatch(answering("listTools", [missing]), "listTools", [], {
      checkResults: true,
    });
    expect(gap).toMatchObject({
      ok: false,
      error: { code: "RESULT_SCHEMA", field: "0.needsApproval" },
    });
  });

  it("leave a tool's value open, and results unchecked unless asked", async () => {
    const result = {
      ok: true,
      value: { anything: [1, "two", { three: null }] },
      durationMs: 1,
      cost: 0,
      invocationId: "x",
    };
    const fine = await dispatch(
      answering("invoke", result),
      "invoke",
      [{ name: "@a/b", params: {}, invocationId: "x" }],
      { checkResults: true },
    );
    expect(fine).toEqual({ ok: true, result });
    const bad = { ...result, durationMs: "1" };
    expect(
      await dispatch(answering("invoke", bad), "invoke", [
        { name: "@a/b", params: {}, invocationId: "x" },
      ]),
    ).toEqual({ ok: true, result: bad });
    expect(
      await dispatch(
        answering("invoke", bad),
        "invoke",
        [{ name: "@a/b", params: {}, invocationId: "x" }],
        { checkResults: true },
      ),
    ).toMatchObject({ ok: false, error: { code: "RESULT_SCHEMA", field: "durationMs" } });
  });
});
