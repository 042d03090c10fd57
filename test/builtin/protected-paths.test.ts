/**
 * Hostile suite for issue 13 §2: @file/write cannot plant the files this app or git trusts to run
 * code, by any spelling or through a link; @file/read refuses the app's secrets and hard links.
 */
import { link, mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { builtinServices, builtinTools } from "../../src-main/builtin/index.ts";
import { ToolRegistry } from "../../src-main/core/registry.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { entriesUnder, failureOf, okValue } from "./registry-for.ts";

let W: string;
let home: string;
let plugins: string;
let registry: ToolRegistry;

function registryWith(env: NodeJS.ProcessEnv): ToolRegistry {
  const services = builtinServices(home, () => [plugins], env);
  const r = new ToolRegistry({ workspaceRoot: W, services });
  for (const tool of builtinTools()) r.register(tool);
  return r;
}

beforeAll(async () => {
  W = await tempDir("agentic-protected-");
  // $AGENTIC_HOME and a plugin folder inside the workspace: the worst case.
  home = path.join(W, ".agentic");
  plugins = path.join(W, "my-plugins");
  await mkdir(path.join(home, "traces"), { recursive: true });
  await mkdir(plugins);
  await mkdir(path.join(W, ".git", "hooks"), { recursive: true });
  await writeFile(path.join(W, ".git", "config"), "[core]\n");
  await writeFile(path.join(home, "settings.json"), '{"langfuse":{"secretKey":"sk-SECRET"}}');
  await writeFile(path.join(home, "history.jsonl"), '{"value":"SECRET RESULT"}\n');
  await writeFile(path.join(home, "traces", "t.jsonl"), '{"input":"SECRET"}\n');
  await symlink(".git", path.join(W, "gitlink"));
  registry = registryWith({});
});

describe("@file/write refuses to plant a trusted file", () => {
  it.each([
    [".git/config", ".git"],
    [".git/hooks/pre-commit", ".git"],
    [".GIT/hooks/post-checkout", ".git"],
    ["gitlink/config", ".git"],
    ["sub/.git/modules/x/config", ".git"],
    [".git", ".git"],
    ["node_modules/left-pad/index.js", "node_modules"],
    ["deep/node_modules/.bin/tsc", "node_modules"],
    ["mcp.json", "mcp.json"],
    ["sub/MCP.json", "mcp.json"],
    ["litellm_config.yaml", "litellm_config.yaml"],
    [".gitmodules", ".gitmodules"],
    [".agentic/mcp.json", "mcp.json"],
    [".agentic/plugins/evil.ts", "agentic-home"],
    [".agentic/settings.json", "agentic-home"],
    ["my-plugins/evil.ts", "plugins"],
  ])("%s (%s)", async (p, id) => {
    for (const mode of ["create", "overwrite"]) {
      const error = failureOf(
        await registry.invoke("@file/write", {
          path: p,
          content: "pwned",
          mode,
          createParents: true,
        }),
      );
      expect(error.code).toBe("TOOL_ERROR");
      expect(error.message).toContain(`refused: it is a protected path (${id})`);
      expect(error.hint).toContain(`AGENTIC_UNPROTECT=${id}`);
      expect(error.details).toMatchObject({ field: "/path" });
    }
  });

  it("planted nothing, and left the real files as they were", async () => {
    const all = await entriesUnder(W);
    expect(
      all.filter((e) => /node_modules|mcp\.json|litellm|gitmodules|evil|sub/i.test(e)),
    ).toEqual([]);
    expect(await readFile(path.join(W, ".git", "config"), "utf8")).toBe("[core]\n");
    expect(await readdir(path.join(W, ".git", "hooks"))).toEqual([]);
    expect(await readdir(plugins)).toEqual([]);
  });

  it("still writes ordinary files, .gitignore and .gitattributes included", async () => {
    for (const p of ["src/a.ts", ".gitignore", ".gitattributes", "git/config", "docs/mcp.md"]) {
      okValue(
        await registry.invoke("@file/write", { path: p, content: "ok", createParents: true }),
      );
    }
  });

  it("a rule the user lifts on purpose (AGENTIC_UNPROTECT) is lifted, and only that one", async () => {
    const widened = registryWith({ AGENTIC_UNPROTECT: "node_modules, mcp.json" });
    okValue(
      await widened.invoke("@file/write", {
        path: "node_modules/pkg/index.js",
        content: "ok",
        createParents: true,
      }),
    );
    okValue(await widened.invoke("@file/write", { path: "mcp.json", content: "{}" }));
    const still = failureOf(await widened.invoke("@file/write", { path: ".git/x", content: "x" }));
    expect(still.message).toContain("protected path (.git)");
  });
});

describe("@file/read refuses the app's secrets and hard links", () => {
  it.each([".agentic/settings.json", ".agentic/history.jsonl", ".agentic/traces/t.jsonl"])(
    "%s",
    async (p) => {
      const error = failureOf(await registry.invoke("@file/read", { path: p }));
      expect(error.message).toContain("refused: it is a protected path (agentic-home)");
      expect(JSON.stringify(error)).not.toContain("SECRET");
    },
  );

  it("reads other files there (mcp.json is not a secret)", async () => {
    await writeFile(path.join(home, "mcp.json"), "{}");
    expect(
      okValue(await registry.invoke("@file/read", { path: ".agentic/mcp.json" })),
    ).toMatchObject({ content: "{}" });
  });

  it("a hard link to a file outside is refused, for read and for append", async () => {
    const outside = await tempDir("agentic-protected-out-");
    await writeFile(path.join(outside, "id_rsa"), "PRIVATE KEY");
    await link(path.join(outside, "id_rsa"), path.join(W, "innocent.txt"));
    const read = failureOf(await registry.invoke("@file/read", { path: "innocent.txt" }));
    expect(read.message).toContain("it has more than one name (a hard link)");
    const append = failureOf(
      await registry.invoke("@file/write", { path: "innocent.txt", content: "x", mode: "append" }),
    );
    expect(append.message).toContain("it has more than one name (a hard link)");
    expect(JSON.stringify([read, append])).not.toContain("PRIVATE KEY");
    expect(await readFile(path.join(outside, "id_rsa"), "utf8")).toBe("PRIVATE KEY");
    const widened = registryWith({ AGENTIC_UNPROTECT: "hardlinks" });
    expect(okValue(await widened.invoke("@file/read", { path: "innocent.txt" }))).toMatchObject({
      content: "PRIVATE KEY",
    });
  });
});
