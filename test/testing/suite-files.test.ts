import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { writeGoldens } from "../../src-main/testing/golden-writer.ts";
import { findSuiteFiles, loadSuites, SuitePathError } from "../../src-main/testing/suite-files.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const REPO_SUITES = fileURLToPath(new URL("../../agentic-tests", import.meta.url));

describe("suite files on disk", () => {
  it("the repository's own suites are valid", async () => {
    const { suites, errors } = await loadSuites(await findSuiteFiles([REPO_SUITES]));
    expect(errors).toEqual([]);
    expect(suites.map((s) => s.name)).toContain("calculator");
  });

  it("finds .yaml, .yml and .json files in folders, sorted; a missing path is an error", async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, "b"));
    for (const f of ["b/z.yml", "a.json", "c.yaml", "notes.md", ".hidden.yaml"]) {
      await writeFile(path.join(dir, f), "cases: []\n");
    }
    const files = await findSuiteFiles([dir]);
    expect(files.map((f) => path.relative(dir, f))).toEqual(["a.json", "b/z.yml", "c.yaml"]);
    await expect(findSuiteFiles([path.join(dir, "nope")])).rejects.toBeInstanceOf(SuitePathError);
  });

  it("goldens are written back into YAML with comments kept, and into JSON", async () => {
    const dir = await tempDir();
    const yamlFile = path.join(dir, "s.yaml");
    await writeFile(
      yamlFile,
      "# top comment\ntool: '@a/b'\ncases:\n  - name: x # why x\n    expect: golden\n  - name: y\n    expect: { ok: true }\n",
    );
    await writeGoldens(yamlFile, [{ index: 0, expect: { golden: true, ok: true, value: [1, 2] } }]);
    expect(await readFile(yamlFile, "utf8")).toBe(
      "# top comment\ntool: '@a/b'\ncases:\n  - name: x # why x\n    expect: { golden: true, ok: true, value: [ 1, 2 ] }\n  - name: y\n    expect: { ok: true }\n",
    );
    const jsonFile = path.join(dir, "s.json");
    await writeFile(
      jsonFile,
      JSON.stringify({ tool: "@a/b", cases: [{ name: "x", expect: "golden" }] }),
    );
    await writeGoldens(jsonFile, [
      { index: 0, expect: { golden: true, ok: false, code: "TIMEOUT" } },
    ]);
    expect(JSON.parse(await readFile(jsonFile, "utf8"))).toEqual({
      tool: "@a/b",
      cases: [{ name: "x", expect: { golden: true, ok: false, code: "TIMEOUT" } }],
    });
  });
});
