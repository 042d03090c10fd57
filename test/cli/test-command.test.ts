/** `agentic test` and `agentic tools snapshot|diff` as a CI job would run them. */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type CliRun, runAgentic } from "../helpers/run-cli.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { parseXml } from "../helpers/xml.ts";

let workspace: string;
let home: string;
let pluginsDir: string;

function agentic(...args: string[]): Promise<CliRun> {
  return runAgentic(["--workspace", workspace, "--plugins-dir", pluginsDir, ...args], {
    cwd: workspace,
    env: { AGENTIC_HOME: home },
  });
}

async function put(file: string, text: string): Promise<string> {
  const full = path.join(workspace, file);
  await mkdir(path.dirname(full), { recursive: true });
  await writeFile(full, text);
  return full;
}

const PASSING = `# every expectation kind, holding
tool: "@math/calculator"
cases:
  - name: multiplies
    params: { operation: multiply, a: 4, b: 5 }
    expect: { ok: true, value: 20 }
  - name: refuses division by zero
    params: { operation: divide, a: 1, b: 0 }
    expect: { ok: false, code: TOOL_ERROR, message: "/zero/i" }
  - name: is fast and free
    params: { operation: add, a: 1, b: 2 }
    expect: { maxDurationMs: 5000, maxCostUsd: 0 }
  - name: counts words
    tool: "@text/word-count"
    params: { text: "one two three" }
    expect:
      valueMatches: { type: object, required: [words], properties: { words: { type: integer } } }
      contains: { words: 3 }
  - name: message as text
    params: { operation: divide, a: 1, b: 0 }
    expect: { message: "must not be 0" }
    serial: true
`;

const FAILING = `tool: "@math/calculator"
cases:
  - name: wrong value
    tool: "@text/word-count"
    params: { text: "a b" }
    expect: { value: { words: 3, lines: 1, characters: 3 } }
  - name: wrong code & message
    params: { operation: divide, a: 1, b: 0 }
    expect: { code: TIMEOUT, message: "/^overflow/" }
  - name: wrong shape
    tool: "@text/word-count"
    params: { text: "a" }
    expect: { valueMatches: { type: string }, contains: { words: 2 } }
  - name: too slow
    params: { operation: add, a: 1, b: 2 }
    expect: { maxDurationMs: 0 }
  - name: expected a failure
    params: { operation: add, a: 1, b: 2 }
    expect: { ok: false }
`;

beforeAll(async () => {
  workspace = await tempDir("agentic-test-ws-");
  home = await tempDir("agentic-test-home-");
  pluginsDir = await tempDir("agentic-test-plugins-");
  await put("agentic-tests/passing.yaml", PASSING);
  await put("agentic-tests/failing.yaml", FAILING);
  // Declared deterministic, yet never the same twice: the promise golden cases check.
  await writeFile(
    path.join(pluginsDir, "random.js"),
    `export default {
  metadata: {
    name: "@demo/random", description: "A number.", deterministic: true, costPerInvocation: 0,
    parametersSchema: { type: "object", properties: { seed: { type: "number" } } },
  },
  invoke: () => Math.random(),
};
`,
  );
});

describe("agentic test", () => {
  it("runs every suite: a line per case, expected vs got, a summary, JUnit XML; exit 1", async () => {
    const run = await agentic("test", "--junit", "report.xml");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("agentic-tests/passing.yaml\n  ✓ multiplies");
    for (const name of ["refuses division by zero", "is fast and free", "counts words"]) {
      expect(run.stdout).toMatch(new RegExp(`✓ ${name} \\(`));
    }
    expect(run.stdout).toMatch(/✗ wrong value[^\n]*\n\s+value: expected \{"words":3/);
    expect(run.stdout).toContain("$.words: expected 3, got 2");
    expect(run.stdout).not.toContain("$.characters");
    expect(run.stdout).toMatch(/code: expected TIMEOUT\n\s+got TOOL_ERROR/);
    expect(run.stdout).toMatch(/message: expected a message that matches \/\^overflow\//);
    expect(run.stdout).toMatch(/valueMatches: expected a value matching the schema/);
    expect(run.stdout).toContain("(the value) must be string");
    expect(run.stdout).toMatch(/contains: expected a value containing \{"words":2\}/);
    expect(run.stdout).toMatch(/maxDurationMs: expected at most 0 ms/);
    expect(run.stdout).toMatch(/ok: expected false\n\s+got ok, value 3/);
    expect(run.stdout).toMatch(/5 passed, 5 failed \(2 suites\) in /);

    const xml = parseXml(await readFile(path.join(workspace, "report.xml"), "utf8"));
    expect(xml.name).toBe("testsuites");
    expect(xml.attributes).toMatchObject({ tests: "10", failures: "5" });
    const suites = xml.children.filter((c) => c.name === "testsuite");
    expect(
      suites.map((s) => [s.attributes.name, s.attributes.tests, s.attributes.failures]),
    ).toEqual([
      ["failing", "5", "5"],
      ["passing", "5", "0"],
    ]);
    const failing = suites[0]?.children ?? [];
    expect(failing.map((c) => c.name)).toEqual(Array(5).fill("testcase"));
    const codeCase = failing.find((c) => c.attributes.name === "wrong code & message");
    const failure = codeCase?.children.find((c) => c.name === "failure");
    expect(failure?.attributes.message).toMatch(
      /^code: expected TIMEOUT, got TOOL_ERROR; message: /,
    );
    expect(failure?.text).toContain("got TOOL_ERROR");
    expect(suites[1]?.children.every((c) => c.children.length === 0)).toBe(true);

    const history = await readFile(path.join(home, "history.jsonl"), "utf8");
    expect(history).toContain('"origin":"test"');
  });

  it("--grep and --json: only the matching cases, a report object; exit 0 when all pass", async () => {
    const run = await agentic("test", "agentic-tests/passing.yaml", "--grep", "DIVISION", "--json");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { passed: number; failed: number; suites: unknown[] };
    expect(report).toMatchObject({ passed: 1, failed: 0 });
    expect(report.suites).toHaveLength(1);
  });

  it("a malformed file is reported with its path, case and field; exit 2, nothing run", async () => {
    await put(
      "bad/broken.yaml",
      `tool: "@math/calculator"\ncases:\n  - name: too fast\n    expect: { maxDurationMs: "soon" }\n`,
    );
    const run = await agentic("test", "bad");
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      'error: INVALID_TEST_SUITE: bad/broken.yaml: case "too fast" (cases[0]): expect.maxDurationMs must be number (hint: see the suite format in schemas/agentic-test-suite.schema.json)\n',
    );
  });

  it("--update records goldens into the file, comments kept; then they pass", async () => {
    const file = await put(
      "golden/words.yaml",
      `# goldens for the word counter
tool: "@text/word-count"
cases:
  - name: counts a line # keep this comment
    params: { text: "to be or not" }
    expect: golden
  - name: refuses a number
    params: { text: 42 }
    expect: golden
`,
    );
    const update = await agentic("test", "golden", "--update");
    expect(update.stdout).toMatch(/✓ counts a line \([^)]*\) — golden recorded/);
    expect(update.stdout).toMatch(/2 passed \(1 suite\) in .*; 2 goldens recorded/);
    expect(update.code).toBe(0);
    const text = await readFile(file, "utf8");
    expect(text).toContain("# goldens for the word counter");
    expect(text).toContain("# keep this comment");
    expect(text).toContain(
      "expect: { golden: true, ok: true, value: { words: 4, lines: 1, characters: 12 } }",
    );
    expect(text).toMatch(
      /expect:\n\s+golden: true\n\s+ok: false\n\s+code: VALIDATION_ERROR\n\s+message: .*text must be string/,
    );

    const again = await agentic("test", "golden");
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/2 passed \(1 suite\)/);
  });

  it("a tool declared deterministic that answers differently twice breaks its promise", async () => {
    const file = await put(
      "nondet/random.yaml",
      `tool: "@demo/random"\ncases:\n  - name: same twice\n    params: { seed: 1 }\n    expect: golden\n`,
    );
    const run = await agentic("test", "nondet", "--update");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("@demo/random is declared deterministic, and breaks that promise");
    expect(await readFile(file, "utf8")).toContain("expect: golden");
  });
});

describe("agentic tools snapshot / diff", () => {
  it("a new required field is breaking (exit 1); an optional property is compatible (exit 0)", async () => {
    const snap = await agentic("tools", "snapshot");
    expect(snap.code).toBe(0);
    const before = JSON.parse(snap.stdout) as {
      tools: { name: string; parametersSchema: { properties: object; required?: string[] } }[];
    };
    expect(before.tools.map((t) => t.name)).toContain("@demo/random");
    await writeFile(path.join(workspace, "old.json"), snap.stdout);

    const edit = (patch: (schema: { properties: object; required?: string[] }) => void) => {
      const copy = structuredClone(before);
      const calc = copy.tools.find((t) => t.name === "@math/calculator");
      if (calc) patch(calc.parametersSchema);
      return JSON.stringify(copy);
    };
    await writeFile(
      path.join(workspace, "required.json"),
      edit((s) => {
        s.properties = { ...s.properties, precision: { type: "integer" } };
        s.required = [...(s.required ?? []), "precision"];
      }),
    );
    await writeFile(
      path.join(workspace, "optional.json"),
      edit((s) => {
        s.properties = { ...s.properties, note: { type: "string" } };
      }),
    );

    const breaking = await agentic("tools", "diff", "old.json", "required.json");
    expect(breaking.code).toBe(1);
    expect(breaking.stdout).toMatch(
      /~ @math\/calculator\n\s+breaking\s+params\.precision: new required property/,
    );
    const compatible = await agentic("tools", "diff", "old.json", "optional.json", "--json");
    expect(compatible.code).toBe(0);
    expect(JSON.parse(compatible.stdout)).toMatchObject({
      breaking: false,
      changed: [
        { name: "@math/calculator", changes: [{ path: "params.note", kind: "compatible" }] },
      ],
    });
    // Against the tools now (the default NEW), the plugin-less tools list lost @demo/random.
    const now = await runAgentic(["--workspace", workspace, "tools", "diff", "old.json"], {
      cwd: workspace,
      env: { AGENTIC_HOME: home },
    });
    expect(now.code).toBe(1);
    expect(now.stdout).toContain("- @demo/random  (removed, breaking)");
  });
});
