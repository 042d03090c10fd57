/**
 * The Python licence check (scripts/check-python-licenses.py) on made-up installed distributions:
 * a `.dist-info` folder on PYTHONPATH is an installed package to importlib.metadata, so no PyPI
 * download is needed to show that a proprietary package fails the check and a free one passes.
 */
import { spawnSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/temp-dir.ts";

const SCRIPT = fileURLToPath(new URL("../../scripts/check-python-licenses.py", import.meta.url));

async function sitePackages(dists: Record<string, string>): Promise<string> {
  const dir = await tempDir("agentic-pylic-");
  for (const [name, metadataLines] of Object.entries(dists)) {
    const info = path.join(dir, `${name.replace(/-/g, "_")}-1.0.dist-info`);
    await mkdir(info);
    await writeFile(
      path.join(info, "METADATA"),
      `Metadata-Version: 2.4\nName: ${name}\nVersion: 1.0\n${metadataLines}\n`,
    );
  }
  return dir;
}

function check(dir: string) {
  // -S: no site-packages of the machine's Python, only what the test put on the path.
  const run = spawnSync("python3", ["-S", SCRIPT], {
    env: { ...process.env, PYTHONPATH: dir },
    encoding: "utf8",
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe("the Python licence check", () => {
  it("refuses a proprietary package such as litellm-enterprise, naming it", async () => {
    const dir = await sitePackages({
      "litellm-enterprise": "License-Expression: LicenseRef-Proprietary",
      "free-one": "License-Expression: MIT",
    });
    const { status, output } = check(dir);
    expect(status).toBe(1);
    expect(output).toContain("not an open-source licence: litellm-enterprise 1.0");
    expect(output).not.toContain("free-one");
  });

  it("passes free licences given as SPDX, classifiers or the License field", async () => {
    const dir = await sitePackages({
      spdx: "License-Expression: Apache-2.0 OR MIT",
      classified: "Classifier: License :: OSI Approved :: BSD License",
      texted: "License: MIT License",
    });
    const { status, output } = check(dir);
    expect(output).toMatch(/3 packages checked, 0 refused/);
    expect(status).toBe(0);
  });

  it("refuses a package whose metadata names no licence", async () => {
    const dir = await sitePackages({ silent: "Summary: says nothing of its licence" });
    const { status, output } = check(dir);
    expect(status).toBe(1);
    expect(output).toContain("silent 1.0 (no licence in the metadata)");
  });
});
