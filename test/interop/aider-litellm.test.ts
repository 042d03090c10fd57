/**
 * The real aider (installed into .venv-aider by .ci/run) against the real LiteLLM test proxy, in a
 * temporary git repository: LiteLLM's `mock_response` holds aider's edit (the whole new file, the
 * edit format aider uses for a model it does not know), so no provider is called. The edit must
 * land and come back as the tool's diff. In CI a missing aider or LiteLLM fails the run.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PluginLoader } from "../../src-main/core/loader.ts";
import { createModuleImporter } from "../../src-main/core/module-importer.ts";
import { ToolRegistry } from "../../src-main/core/registry.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import {
  liteLLMInstalled,
  type RunningLiteLLM,
  requireLiteLLM,
  startLiteLLM,
} from "../llm/litellm-server.ts";

const AIDER = fileURLToPath(new URL("../../.venv-aider/bin/aider", import.meta.url));
const PLUGIN = fileURLToPath(new URL("../../plugins/aider.ts", import.meta.url));
const aiderInstalled = existsSync(AIDER);
if (!aiderInstalled && process.env.CI) {
  throw new Error(
    `aider is not installed at ${AIDER}; .ci/run installs it (bash scripts/install-aider.sh)`,
  );
}
requireLiteLLM();

const NEW_APP = 'def greet():\n    return "hello, world"\n';
// Aider's "whole" edit format: the file's path, then its complete new content in a fence.
const EDIT = `app.py\n\`\`\`python\n${NEW_APP}\`\`\`\n`;

describe.skipIf(!aiderInstalled || !liteLLMInstalled)(
  "@tools/aider runs aider against the LiteLLM test proxy",
  () => {
    let litellm: RunningLiteLLM;
    const saved = { ...process.env };

    beforeAll(async () => {
      const dir = await tempDir("agentic-aider-litellm-");
      litellm = await startLiteLLM(
        `
model_list:
  - model_name: coder
    litellm_params: { model: openai/coder-mock, mock_response: ${JSON.stringify(EDIT)} }
    model_info: { id: coder-1 }
`,
        dir,
      );
      process.env.AIDER_BIN = AIDER;
      process.env.LITELLM_BASE_URL = litellm.baseUrl;
      process.env.LITELLM_API_KEY = litellm.masterKey;
    }, 180_000);

    afterAll(async () => {
      for (const key of ["AIDER_BIN", "LITELLM_BASE_URL", "LITELLM_API_KEY"]) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
      await litellm?.stop();
    });

    it("the edit lands in the repository and the diff is returned", async () => {
      const workspace = await tempDir("agentic-aider-repo-");
      const git = (...args: string[]) => execFileSync("git", args, { cwd: workspace });
      git("init", "-q", ".");
      git("config", "user.email", "test@example.com");
      git("config", "user.name", "test");
      await writeFile(path.join(workspace, "app.py"), 'def greet():\n    return "hello"\n');
      git("add", ".");
      git("commit", "-qm", "init");

      const registry = new ToolRegistry({ workspaceRoot: workspace });
      const loader = new PluginLoader({
        registry,
        pluginDirs: [],
        importModule: createModuleImporter({
          pluginApiModule: fileURLToPath(
            new URL("../../src-main/core/plugin-api.ts", import.meta.url),
          ),
        }),
      });
      await loader.reloadPath(PLUGIN);
      const result = await registry.invoke(
        "@tools/aider",
        { message: "make greet say hello, world", files: ["app.py"], model: "coder" },
        { timeoutMs: 240_000 },
      );
      expect(result.ok, JSON.stringify(result).slice(0, 3000)).toBe(true);
      const value = (result as { value: { diff: string; output: string } }).value;
      expect(await readFile(path.join(workspace, "app.py"), "utf8")).toBe(NEW_APP);
      expect(value.diff).toContain('-    return "hello"');
      expect(value.diff).toContain('+    return "hello, world"');
    }, 300_000);
  },
);
