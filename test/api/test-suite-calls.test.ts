/**
 * The Tests view's calls over the real web host: suites listed from a temp workspace's
 * agentic-tests/, cases saved into real files, run through the registry, goldens written back,
 * and suite paths from the caller confined to agentic-tests/.
 */
import { mkdir, readFile, stat, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  HistoryEntry,
  SavedTestCase,
  TestRunReport,
  TestSuites,
  TraceDetail,
} from "../../src-main/api/contract.ts";
import { createWorkbench, type Workbench } from "../../src-main/api/workbench.ts";
import {
  createWorkbenchService,
  type WorkbenchService,
} from "../../src-main/api/workbench-service.ts";
import { startWebHost, type WebHost } from "../../src-main/hosts/web/server.ts";
import { tempDir } from "../helpers/temp-dir.ts";

/** A deterministic word counter; `extra` is added to the count to "break" it. */
const counter = (extra: number) => `export default {
  metadata: { name: "@demo/count", description: "Counts words.", deterministic: true,
    costPerInvocation: 0.002,
    parametersSchema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] } },
  invoke: ({ text }) => ({ words: text.split(/\\s+/).filter(Boolean).length + ${extra}, text }),
};`;

let workbench: Workbench;
let service: WorkbenchService;
let host: WebHost;
let workspace: string;
let pluginDir: string;
let outside: string;
let suites: string;

beforeAll(async () => {
  const home = await tempDir("agentic-tests-home-");
  workspace = await tempDir("agentic-tests-ws-");
  pluginDir = await tempDir("agentic-tests-plugins-");
  outside = await tempDir("agentic-tests-outside-");
  suites = path.join(workspace, "agentic-tests");
  await writeFile(path.join(pluginDir, "count.mjs"), counter(0));
  workbench = await createWorkbench({
    env: { AGENTIC_HOME: home },
    workspaceRoot: workspace,
    onlyPluginDirs: true,
    pluginDirs: [pluginDir],
    isolation: false,
    mcpServers: false,
    adoptDefaultRegistry: false,
  });
  service = createWorkbenchService(workbench, { host: "web", version: "test" });
  host = await startWebHost({ service, rendererDir: pluginDir, port: 0 });
});

afterAll(async () => {
  await host?.close();
  service?.close();
  await workbench?.close();
});

/** A call as the renderer makes it; a refusal rejects with the host's message, code and hint. */
async function call<T>(name: string, ...args: unknown[]): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${host.port}/api/call/${name}`, {
    method: "POST",
    headers: { authorization: `Bearer ${host.token}`, "content-type": "application/json" },
    body: JSON.stringify({ args }),
  });
  const body = (await res.json()) as {
    result?: T;
    error?: { code: string; message: string; hint?: string };
  };
  if (res.status !== 200) {
    const { message = `HTTP ${res.status}`, code, hint } = body.error ?? {};
    throw Object.assign(new Error(message), { code, hint });
  }
  return body.result as T;
}

/** Saves a case; a refusal is an answer, turned here into a rejection with its message and hint. */
const save = async (suite: string, name: string, extra: Record<string, unknown> = {}) => {
  const saved = await saveAnswer(suite, name, extra);
  if (!saved.ok) throw Object.assign(new Error(saved.message), { hint: saved.hint });
  return saved;
};
const saveAnswer = (suite: string, name: string, extra: Record<string, unknown> = {}) =>
  call<SavedTestCase>("saveTestCase", {
    suite,
    name,
    tool: "@demo/count",
    params: { text: "two words" },
    expect: { golden: true, ok: true, value: { words: 2, text: "two words" } },
    ...extra,
  });

describe("test suites over the web host", () => {
  it("lists nothing before agentic-tests/ exists, and says where it would be", async () => {
    const listed = await call<TestSuites>("testSuites");
    expect(listed).toEqual({ folder: suites, suites: [], malformed: [] });
  });

  it("saves a case into a new file, then appends to it; a taken name is refused naming both", async () => {
    const first = await save("words.yaml", "counts two words");
    expect(first).toMatchObject({ path: "words.yaml", created: true });
    expect(first.suites.suites[0]?.cases.map((c) => c.name)).toEqual(["counts two words"]);
    const text = await readFile(path.join(suites, "words.yaml"), "utf8");
    expect(text).toContain('tool: "@demo/count"');
    expect(text).toContain(
      "expect: { golden: true, ok: true, value: { words: 2, text: two words } }",
    );
    // A new file is not private to the user: it is meant to be committed and shared.
    expect((await stat(path.join(suites, "words.yaml"))).mode & 0o777).toBe(0o644);

    await writeFile(
      path.join(suites, "words.yaml"),
      `# why these cases exist\n${text}  # a comment under the first case\n`,
    );
    const second = await save("words.yaml", "counts one word", {
      params: { text: "one" },
      expect: { ok: true, value: { words: 1, text: "one" } },
    });
    expect(second.created).toBe(false);
    const after = await readFile(path.join(suites, "words.yaml"), "utf8");
    expect(after).toContain("# why these cases exist");
    expect(after).toContain("# a comment under the first case");
    expect(after.indexOf("counts two words")).toBeLessThan(after.indexOf("counts one word"));

    await expect(save("words.yaml", "counts one word")).rejects.toMatchObject({
      message: expect.stringMatching(
        /^agentic-tests\/words\.yaml already has a case named "counts one word"$/,
      ),
      hint: expect.stringMatching(/^choose another case name/),
    });
    // The refused save changed nothing.
    expect(await readFile(path.join(suites, "words.yaml"), "utf8")).toBe(after);
  });

  it("refuses a case the suite format refuses, naming the case and the field", async () => {
    await expect(
      save("words.yaml", "too strict", { expect: { maxDurationMs: -5 } }),
    ).rejects.toThrow(/case "too strict" \(cases\[2\]\): expect\.maxDurationMs must be >= 0/);
    await expect(save("words.yaml", "  ")).rejects.toThrow(/name is missing/);
    // Checked at the boundary (dispatch) before the handler sees it.
    await expect(save("words.yaml", "no params", { params: [1] })).rejects.toThrow(
      /saveTestCase: request\.params: expected record, received array/,
    );
  });

  it("reports a malformed file with its path, case and field, and still lists the others", async () => {
    await writeFile(
      path.join(suites, "broken.yaml"),
      "tool: '@demo/count'\ncases:\n  - name: too fast\n    expect: { maxDurationMs: soon }\n",
    );
    const listed = await call<TestSuites>("testSuites");
    expect(listed.suites.map((s) => s.path)).toEqual(["words.yaml"]);
    expect(listed.malformed).toEqual([
      {
        path: "broken.yaml",
        problems: ['case "too fast" (cases[0]): expect.maxDurationMs must be number'],
        hint: "see the suite format in schemas/agentic-test-suite.schema.json",
      },
    ]);
    // Appending would hide what is wrong with it: refused, naming the problem.
    await expect(save("broken.yaml", "another")).rejects.toThrow(
      /agentic-tests\/broken\.yaml: case "too fast" \(cases\[0\]\): expect\.maxDurationMs must be number/,
    );
    const run = await call<TestRunReport>("runTests", {});
    expect(run.malformed.map((m) => m.path)).toEqual(["broken.yaml"]);
    await expect(call("runTests", { suite: "broken.yaml" })).rejects.toMatchObject({
      code: "INVALID_TEST_SUITE",
      message: expect.stringMatching(/^runTests: agentic-tests\/broken\.yaml is malformed/),
      hint: "see the suite format in schemas/agentic-test-suite.schema.json",
    });
  });

  it("runs all, one suite and one case, with duration, cost, trace and history", async () => {
    const all = await call<TestRunReport>("runTests", {});
    expect(all).toMatchObject({ passed: 2, failed: 0 });
    const one = await call<TestRunReport>("runTests", {
      suite: "words.yaml",
      case: "counts one word",
    });
    expect(one.cases).toHaveLength(1);
    const [c] = one.cases;
    expect(c).toMatchObject({
      suite: "words.yaml",
      name: "counts one word",
      tool: "@demo/count",
      status: "passed",
      cost: 0.002,
      mismatches: [],
    });
    expect(c?.durationMs).toBeGreaterThanOrEqual(0);
    const trace = await call<TraceDetail | null>("trace", c?.traceId);
    expect(trace?.tool).toBe("@demo/count");
    const history = await call<HistoryEntry[]>("history", { tool: "@demo/count" });
    expect(history[0]?.origin).toBe("test");
    await expect(call("runTests", { suite: "words.yaml", case: "nope" })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: 'runTests: agentic-tests/words.yaml has no case named "nope"',
      hint: "refresh the Tests view: the file may have changed",
    });
    await expect(call("runTests", { suite: "missing.yaml" })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "runTests: no suite file agentic-tests/missing.yaml",
      hint: "the Tests view lists the suites there; refresh it if the file was renamed",
    });
    await expect(call("runTests", { case: "nope" })).rejects.toMatchObject({
      code: "VALIDATION_ERROR",
      message: "runTests: a case is named without its suite",
      hint: "pass suite (the file) with case",
    });
  });

  it("a broken tool fails its cases with expected vs got and a diff by JSON path", async () => {
    await writeFile(path.join(pluginDir, "count.mjs"), counter(1));
    await workbench.loader.loadAll();
    const run = await call<TestRunReport>("runTests", { suite: "words.yaml" });
    expect(run).toMatchObject({ passed: 0, failed: 2 });
    expect(run.cases[0]?.mismatches).toEqual([
      {
        field: "value",
        expected: '{"words":2,"text":"two words"}',
        got: '{"words":3,"text":"two words"}',
        diff: ["$.words: expected 2, got 3"],
      },
    ]);
  });

  it("updates goldens in the file (comments kept), and only golden cases", async () => {
    const report = await call<TestRunReport>("updateGoldens", { suite: "words.yaml" });
    expect(report.cases.map((c) => [c.name, c.recorded])).toEqual([["counts two words", true]]);
    const text = await readFile(path.join(suites, "words.yaml"), "utf8");
    expect(text).toContain("value: { words: 3, text: two words }");
    expect(text).toContain("# why these cases exist");
    const run = await call<TestRunReport>("runTests", { suite: "words.yaml" });
    expect(run.cases.map((c) => c.status)).toEqual(["passed", "failed"]);
  });
});

describe("a suite edited while its goldens are recorded", () => {
  it("is refused rather than given goldens at the wrong cases", async () => {
    // The tool itself edits the suite mid-run (as a person in an editor might): the cases swap.
    await writeFile(
      path.join(pluginDir, "editor.mjs"),
      `import { writeFileSync } from "node:fs";
export default {
  metadata: { name: "@demo/edit", description: "Swaps the cases of a suite.", deterministic: true,
    costPerInvocation: 0, parametersSchema: { type: "object" } },
  invoke: ({ file, swapped }) => { writeFileSync(file, swapped); return "edited"; },
};`,
    );
    await workbench.loader.loadAll();
    const file = path.join(suites, "edited.yaml");
    const swapped = "tool: '@demo/edit'\ncases:\n  - name: b\n  - name: a\n";
    await writeFile(
      file,
      `tool: '@demo/edit'\ncases:\n  - name: a\n    params: { file: ${JSON.stringify(file)}, swapped: ${JSON.stringify(swapped)} }\n    expect: golden\n  - name: b\n`,
    );
    await expect(call("updateGoldens", { suite: "edited.yaml" })).rejects.toMatchObject({
      code: "CONFLICT",
      message:
        "updateGoldens: agentic-tests/edited.yaml changed while its goldens were being recorded",
      hint: "run Update goldens again",
    });
    expect(await readFile(file, "utf8")).toBe(swapped);
  });
});

describe("suite paths are confined to agentic-tests/", () => {
  const refusals: [string, RegExp][] = [
    ["../escape.yaml", /"\." and "\.\." are not allowed/],
    ["sub/../../escape.yaml", /"\." and "\.\." are not allowed/],
    ["..\\escape.yaml", /"\." and "\.\." are not allowed/],
    ["/tmp/escape.yaml", /an absolute path/],
    ["C:\\escape.yaml", /an absolute path/],
    [".git/config.yaml", /hidden/],
    ["notes.txt", /ends in \.yaml, \.yml or \.json/],
    ["a\0b.yaml", /control characters/],
    ["", /no file name given/],
  ];
  it.each(refusals)("refuses %j", async (suite, reason) => {
    const answer = await saveAnswer(suite, "x");
    expect(answer).toMatchObject({
      ok: false,
      hint: expect.stringMatching(/inside agentic-tests/),
    });
    expect(!answer.ok && answer.message).toMatch(reason);
    await expect(call("runTests", { suite })).rejects.toMatchObject({
      code: "INVALID_SUITE_PATH",
      message: expect.stringMatching(reason),
      hint: expect.stringMatching(/inside agentic-tests/),
    });
  });

  it("refuses to write through a symbolic link, to a file or a folder outside", async () => {
    const target = path.join(outside, "victim.yaml");
    await writeFile(target, "cases: []\n");
    await symlink(target, path.join(suites, "linked.yaml"));
    await mkdir(path.join(outside, "dir"));
    await symlink(path.join(outside, "dir"), path.join(suites, "out"));
    await expect(save("linked.yaml", "x")).rejects.toThrow(
      /suite file "linked\.yaml" refused: a symbolic link in the path leads outside the workspace/,
    );
    // A link to a file inside the workspace, but not a suite: not written through either.
    await writeFile(path.join(workspace, "package.yaml"), "name: app\n");
    await symlink(path.join(workspace, "package.yaml"), path.join(suites, "inner.yaml"));
    await expect(save("inner.yaml", "x")).rejects.toThrow(
      /suite file "inner\.yaml" refused: it is a symbolic link or not a regular file/,
    );
    expect(await readFile(path.join(workspace, "package.yaml"), "utf8")).toBe("name: app\n");
    await expect(save("out/new.yaml", "x")).rejects.toThrow(
      /suite file "out\/new\.yaml" refused: a symbolic link in the path leads outside/,
    );
    expect(await readFile(target, "utf8")).toBe("cases: []\n");
    await expect(stat(path.join(outside, "dir", "new.yaml"))).rejects.toThrow(/ENOENT/);
    // Links are not listed as suites either, so running cannot read through them.
    const listed = await call<TestSuites>("testSuites");
    expect(listed.suites.map((s) => s.path)).not.toContain("linked.yaml");
    expect(listed.suites.map((s) => s.path)).not.toContain("inner.yaml");
  });
});

describe("an agentic-tests/ that is a link out of the workspace", () => {
  it("is neither read nor written", async () => {
    const home = await tempDir("agentic-tests-home2-");
    const ws = await tempDir("agentic-tests-ws2-");
    const elsewhere = await tempDir("agentic-tests-elsewhere-");
    await writeFile(path.join(elsewhere, "s.yaml"), "tool: '@a/b'\ncases: []\n");
    await symlink(elsewhere, path.join(ws, "agentic-tests"));
    const wb = await createWorkbench({
      env: { AGENTIC_HOME: home },
      workspaceRoot: ws,
      onlyPluginDirs: true,
      isolation: false,
      mcpServers: false,
      adoptDefaultRegistry: false,
    });
    const svc = createWorkbenchService(wb, { host: "web", version: "test" });
    try {
      await expect(svc.calls.testSuites()).rejects.toThrow(
        /"agentic-tests" refused: it is a symbolic link leading outside the workspace/,
      );
      const answer = await svc.calls.saveTestCase({
        suite: "s.yaml",
        name: "x",
        tool: "@a/b",
        params: {},
        expect: { ok: true },
      });
      expect(answer).toMatchObject({ ok: false, message: expect.stringMatching(/leads outside/) });
      expect(await readFile(path.join(elsewhere, "s.yaml"), "utf8")).toBe(
        "tool: '@a/b'\ncases: []\n",
      );
    } finally {
      svc.close();
      await wb.close();
    }
  });
});
