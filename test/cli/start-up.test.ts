/**
 * What a command loads and starts, seen from outside as a user would: the modules a process
 * resolves (recorded by a --import hook), whether a plugin's file was imported (the plugin writes a
 * line when it is), and whether `serve` answers before a slow plugin has loaded. No timings.
 */
import { execFile, spawn } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { AGENTIC_BIN, runAgentic } from "../helpers/run-cli.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const RECORD_LOADS = fileURLToPath(new URL("../helpers/record-loads.mjs", import.meta.url));
const HEAVY = ["openai", "@modelcontextprotocol/sdk", "@opentelemetry/", "@langchain/", "react"];

let home: string;
let workspace: string;
let plugins: string;
beforeAll(async () => {
  home = await tempDir("agentic-startup-home-");
  workspace = await tempDir("agentic-startup-ws-");
  plugins = await tempDir("agentic-startup-plugins-");
});

/** The npm packages `agentic ...args` resolved, in the main thread and any worker. */
async function packagesLoaded(args: string[]): Promise<Set<string>> {
  const log = path.join(home, `loads-${Date.now()}.txt`);
  await promisify(execFile)(process.execPath, ["--import", RECORD_LOADS, AGENTIC_BIN, ...args], {
    cwd: workspace,
    env: { ...process.env, AGENTIC_HOME: home, AGENTIC_TEST_LOAD_LOG: log },
  });
  const urls = (await readFile(log, "utf8")).split("\n");
  await rm(log);
  return new Set(
    urls.flatMap((u) => {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u);
      return m?.[1] ? [m[1]] : [];
    }),
  );
}

function heavyIn(packages: Set<string>): string[] {
  return [...packages].filter((p) => HEAVY.some((h) => p === h || p.startsWith(h)));
}

describe("what a command loads", () => {
  it("--help, tools list (once the plugins' metadata is known) and invoke of a built-in tool load no SDK, OpenTelemetry, LangChain or React", async () => {
    // The first list imports the app's example plugins (the LangChain one among them) to learn
    // their tools; from then on their metadata is enough until a file changes.
    await packagesLoaded(["tools", "list"]);
    for (const args of [
      ["--help"],
      ["tools", "list"],
      ["invoke", "@math/calculator", "--params", '{"operation":"add","a":1,"b":2}'],
    ]) {
      expect(heavyIn(await packagesLoaded(args)), args.join(" ")).toEqual([]);
    }
  });
});

describe("the plugin metadata cache, from the command line", () => {
  const marker = () => path.join(home, "imported.txt");
  const pluginSource = (description: string) => `import { appendFileSync } from "node:fs";
appendFileSync(${JSON.stringify(marker())}, "imported\\n");
export default {
  metadata: { name: "@startup/echo", description: ${JSON.stringify(description)},
    deterministic: true, costPerInvocation: 0,
    parametersSchema: { type: "object", properties: { text: { type: "string" } } } },
  invoke: ({ text }) => "echo: " + text,
};`;
  const imports = async () =>
    (await readFile(marker(), "utf8").catch(() => "")).split("\n").filter(Boolean).length;
  const agentic = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    runAgentic(["--plugins-dir", plugins, ...args], {
      cwd: workspace,
      env: { AGENTIC_HOME: home, ...env },
    });

  it("imports a plugin once to list it, again only to run it or after its file changed", async () => {
    await writeFile(path.join(plugins, "echo.mjs"), pluginSource("Echoes."));
    const first = await agentic(["tools", "list"]);
    expect(first.stdout).toContain("@startup/echo");
    expect(await imports()).toBe(1);

    const second = await agentic(["tools", "list"]);
    expect(second.stdout).toContain("Echoes.");
    expect(await imports()).toBe(1);

    const run = await agentic(["invoke", "@startup/echo", "--params", '{"text":"hi"}']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("echo: hi");
    expect(await imports()).toBe(2);

    await writeFile(path.join(plugins, "echo.mjs"), pluginSource("Echoes, edited."));
    const edited = await agentic(["tools", "show", "@startup/echo"]);
    expect(edited.stdout).toContain("Echoes, edited.");
    expect(await imports()).toBe(3);

    await agentic(["tools", "list"], { AGENTIC_PLUGIN_CACHE: "0" });
    expect(await imports()).toBe(4);
  });
});

describe("agentic serve", () => {
  it("answers with the built-in tools while a slow plugin still loads, and lists it once loaded", async () => {
    const slow = await tempDir("agentic-startup-slow-");
    await writeFile(
      path.join(slow, "slow.mjs"),
      `await new Promise((resolve) => setTimeout(resolve, 4000));
export default {
  metadata: { name: "@startup/slow", description: "Loads slowly.", deterministic: true,
    costPerInvocation: 0, parametersSchema: { type: "object" } },
  invoke: () => "late",
};`,
    );
    const child = spawn(
      process.execPath,
      [AGENTIC_BIN, "--plugins-dir", slow, "serve", "--port", "0"],
      { cwd: workspace, env: { ...process.env, AGENTIC_HOME: home }, stdio: "pipe" },
    );
    try {
      const url = await new Promise<URL>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          const found = /serving at (\S+)/.exec(out)?.[1];
          if (found) resolve(new URL(found));
        });
        child.once("exit", (code) => reject(new Error(`serve exited (${code}): ${out}`)));
      });
      const names = async () => {
        const response = await fetch(new URL("/api/call/listTools", url), {
          method: "POST",
          headers: {
            authorization: `Bearer ${url.searchParams.get("token")}`,
            "content-type": "application/json",
          },
          body: JSON.stringify({ args: [] }),
        });
        const body = (await response.json()) as { result: { name: string }[] };
        return body.result.map((t) => t.name);
      };
      const early = await names();
      expect(early).toContain("@math/calculator");
      expect(early).not.toContain("@startup/slow");
      await expect.poll(names, { timeout: 20_000, interval: 200 }).toContain("@startup/slow");
    } finally {
      child.kill("SIGTERM");
    }
  });
});
