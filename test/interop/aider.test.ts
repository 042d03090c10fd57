/**
 * @tools/aider. The not-installed path runs for real (the CLI with no aider on PATH). A stand-in
 * `aider` script checks what we pass and that timeouts kill its whole process tree. When a real
 * aider is installed (AIDER_BIN, /tmp/aider-venv, or PATH), it edits a file through a stand-in
 * OpenAI-compatible endpoint. Aider against the real LiteLLM test proxy: aider-litellm.test.ts.
 */
import { execFile, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, readFile, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { PluginLoader } from "../../src-main/core/loader.ts";
import { createModuleImporter } from "../../src-main/core/module-importer.ts";
import { ToolRegistry } from "../../src-main/core/registry.ts";
import { committedRepo } from "../helpers/git-repo.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const run = promisify(execFile);
const BIN = fileURLToPath(new URL("../../bin/agentic.js", import.meta.url));
const PLUGIN = fileURLToPath(new URL("../../plugins/aider.ts", import.meta.url));

let home: string;
let bin: string;

beforeAll(async () => {
  home = await tempDir("agentic-aider-home-");
  bin = await tempDir("agentic-aider-bin-");
});

const savedEnv = { ...process.env };
afterEach(() => {
  for (const key of ["AIDER_BIN", "LITELLM_BASE_URL", "LITELLM_API_KEY", "AIDER_MODEL_GROUP"]) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
});

async function repo(): Promise<string> {
  const dir = await committedRepo(
    { "app.py": 'def greet():\n    return "hello"\n' },
    "agentic-aider-repo-",
  );
  return dir;
}

async function registryAt(workspaceRoot: string): Promise<ToolRegistry> {
  const registry = new ToolRegistry({ workspaceRoot });
  const loader = new PluginLoader({
    registry,
    pluginDirs: [],
    importModule: createModuleImporter({
      pluginApiModule: fileURLToPath(new URL("../../src-main/core/plugin-api.ts", import.meta.url)),
    }),
  });
  await loader.reloadPath(PLUGIN);
  return registry;
}

describe("@tools/aider when aider is not installed", () => {
  it("says so, and how to install it (the real CLI, no aider on PATH)", async () => {
    const workspace = await repo();
    const env: NodeJS.ProcessEnv = { ...process.env, AGENTIC_HOME: home, PATH: "/usr/bin:/bin" };
    delete env.AIDER_BIN;
    expect(existsSync("/usr/bin/aider") || existsSync("/bin/aider")).toBe(false);
    const failed = await run(
      process.execPath,
      [
        BIN,
        "invoke",
        "@tools/aider",
        "--params",
        JSON.stringify({ message: "add a docstring", files: ["app.py"] }),
      ],
      { cwd: workspace, env },
    ).catch((error: { code: number; stderr: string }) => error);
    expect((failed as { code: number }).code).toBe(1);
    const stderr = (failed as { stderr: string }).stderr;
    expect(stderr).toContain(
      "TOOL_ERROR: @tools/aider: aider is not installed (no `aider` command on PATH)",
    );
    expect(stderr).toContain("pipx install aider-chat");
    expect(stderr).toContain("pip install aider-chat");
  });

  it("AIDER_BIN naming a missing file is the same clear error", async () => {
    process.env.AIDER_BIN = "/nonexistent/aider";
    const registry = await registryAt(await repo());
    const result = await registry.invoke("@tools/aider", { message: "x" });
    expect(result).toMatchObject({
      ok: false,
      error: { code: "TOOL_ERROR", hint: expect.stringContaining("pipx install aider-chat") },
    });
    expect(result.ok === false && result.error.message).toContain("/nonexistent/aider");
  });
});

describe("@tools/aider with a stand-in aider", () => {
  it("passes message, files, model group and the proxy, and returns output and diff", async () => {
    const fake = path.join(bin, "fake-aider");
    await writeFile(
      fake,
      `#!${process.execPath}
const fs = require("node:fs");
const args = process.argv.slice(2);
fs.writeFileSync("args.json", JSON.stringify({ args, base: process.env.OPENAI_API_BASE, key: process.env.OPENAI_API_KEY }));
const file = args[args.indexOf("--file") + 1];
fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace('"hello"', '"hello, world"'));
fs.writeFileSync("new.txt", "created by aider\\n");
console.log("Applied edit to " + file);
`,
    );
    await chmod(fake, 0o755);
    process.env.AIDER_BIN = fake;
    process.env.LITELLM_API_KEY = "sk-test";
    const workspace = await repo();
    // The stand-in's record of its arguments is ignored by git, so it stays out of the diff.
    await writeFile(path.join(workspace, ".gitignore"), "args.json\n");
    execFileSync("git", ["add", ".gitignore"], { cwd: workspace });
    execFileSync("git", ["commit", "-qm", "ignore"], { cwd: workspace });
    const registry = await registryAt(workspace);
    const result = await registry.invoke("@tools/aider", {
      message: "greet the world",
      files: ["app.py"],
      model: "fast",
    });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    const value = (
      result as { value: { output: string; diff: string; model: string; baseUrl: string } }
    ).value;
    expect(value.output).toContain("Applied edit to app.py");
    expect(value.diff).toContain('-    return "hello"');
    expect(value.diff).toContain('+    return "hello, world"');
    expect(value.diff).toContain("+created by aider");
    expect(value).toMatchObject({ model: "openai/fast", baseUrl: "http://localhost:4000" });
    const seen = JSON.parse(await readFile(path.join(workspace, "args.json"), "utf8"));
    expect(seen.base).toBe("http://localhost:4000");
    expect(seen.key).toBe("sk-test");
    expect(seen.args).toEqual(
      expect.arrayContaining([
        "--message",
        "greet the world",
        "--model",
        "openai/fast",
        "--yes-always",
        "--no-auto-commits",
        "--file",
        "app.py",
      ]),
    );
    expect(registry.get("@tools/aider")?.metadata.annotations).toEqual({ destructive: true });
  });

  it("a file outside the workspace is refused", async () => {
    process.env.AIDER_BIN = process.execPath;
    const registry = await registryAt(await repo());
    const result = await registry.invoke("@tools/aider", {
      message: "x",
      files: ["../../etc/passwd"],
    });
    expect(result).toMatchObject({ ok: false, error: { code: "TOOL_ERROR" } });
    expect(result.ok === false && result.error.message).toContain("leads outside the workspace");
  });

  it("a timeout kills aider's whole process tree", async () => {
    const pids = path.join(bin, "pids.json");
    const fake = path.join(bin, "hanging-aider");
    await writeFile(
      fake,
      `#!${process.execPath}
const { spawn } = require("node:child_process");
const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
require("node:fs").writeFileSync(${JSON.stringify(pids)}, JSON.stringify([process.pid, child.pid]));
setInterval(() => {}, 1000);
`,
    );
    await chmod(fake, 0o755);
    process.env.AIDER_BIN = fake;
    const registry = await registryAt(await repo());
    const result = await registry.invoke("@tools/aider", { message: "hang" }, { timeoutMs: 1500 });
    expect(result).toMatchObject({ ok: false, error: { code: "TIMEOUT" } });
    const [parent, grandchild] = JSON.parse(await readFile(pids, "utf8")) as number[];
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    await expect
      .poll(() => [alive(parent as number), alive(grandchild as number)], { timeout: 10_000 })
      .toEqual([false, false]);
  });
});

function realAider(): string | undefined {
  // .ci/run installs aider into the repository's .venv-aider (scripts/install-aider.sh).
  const candidates = [
    process.env.AIDER_BIN,
    fileURLToPath(new URL("../../.venv-aider/bin/aider", import.meta.url)),
    "/tmp/aider-venv/bin/aider",
  ];
  for (const dir of (process.env.PATH ?? "").split(path.delimiter))
    candidates.push(path.join(dir, "aider"));
  return candidates.find((c): c is string => typeof c === "string" && existsSync(c));
}

const aiderPath = realAider();

describe.skipIf(!aiderPath)("@tools/aider with the real aider", () => {
  it("edits a file through an OpenAI-compatible endpoint and returns the diff", async () => {
    const requests: string[] = [];
    const reply = 'app.py\n```python\ndef greet():\n    return "hello, world"\n```\n';
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        const model = (JSON.parse(body || "{}") as { model?: string }).model;
        requests.push(`${req.method} ${req.url} ${model}`);
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            id: "chatcmpl-test",
            object: "chat.completion",
            created: 1,
            model: "main",
            choices: [
              { index: 0, finish_reason: "stop", message: { role: "assistant", content: reply } },
            ],
            usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      process.env.AIDER_BIN = aiderPath;
      process.env.LITELLM_BASE_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      process.env.LITELLM_LOCAL_MODEL_COST_MAP = "True";
      const workspace = await repo();
      const registry = await registryAt(workspace);
      const result = await registry.invoke(
        "@tools/aider",
        { message: "make greet say hello, world", files: ["app.py"] },
        { timeoutMs: 120_000 },
      );
      expect(result.ok, JSON.stringify(result).slice(0, 2000)).toBe(true);
      const value = (result as { value: { diff: string } }).value;
      expect(value.diff).toContain('+    return "hello, world"');
      expect(await readFile(path.join(workspace, "app.py"), "utf8")).toContain("hello, world");
      // Aider asked for the model group "main" (openai/main) at the proxy's OpenAI endpoint.
      expect(requests[0]).toBe("POST /chat/completions main");
      // No commit: the edit is left for the user to review.
      expect(
        execFileSync("git", ["log", "--oneline"], { cwd: workspace }).toString().trim().split("\n"),
      ).toHaveLength(1);
    } finally {
      server.close();
    }
  }, 150_000);
});
