/**
 * What the workbench uses, given the workspace files' trust: the LLM config to read and the
 * mcp.json files to start. An untrusted file is left out and said so (a config notice, an
 * UNTRUSTED record per server in the plugin report), never silently ignored.
 */
import path from "node:path";
import type { McpConfigProblem, McpServerFiles } from "../interop/mcp-tool-source.ts";
import type { ConfigFile, LLMConfigSource } from "../llm/index.ts";
import { TRUST_HINT, usable, type WorkspaceFileRead } from "./workspace-trust.ts";

/**
 * The LLM config to read. A workspace config that reads environment variables and is not trusted
 * gives way to the app's own, with a notice; a used workspace config is the content that was hashed.
 */
export function chooseLLMConfig(
  resolved: { path: string; source: LLMConfigSource },
  workspaceFiles: WorkspaceFileRead[],
  appDefault: string,
): { file: ConfigFile; notice?: string } {
  if (resolved.source !== "workspace") return { file: resolved };
  const read = workspaceFiles.find((f) => f.kind === "llm-config" && f.path === resolved.path);
  // Gone since it was found: nothing to read but the app's own.
  if (!read) return { file: { path: appDefault, source: "app" } };
  if (usable(read)) return { file: { ...resolved, text: read.text } };
  return {
    file: { path: appDefault, source: "app" },
    notice: `the workspace's ${read.path} reads environment variables (${(read.envVars ?? []).join(", ")}) and is not trusted, so the app's own config is used; to use it, ${TRUST_HINT}`,
  };
}

/**
 * The mcp.json files to start: `$AGENTIC_HOME`'s always, the workspace's only when usable; an
 * untrusted one's servers become UNTRUSTED records naming the command each would run.
 */
export function mcpServerFiles(home: string, workspaceFiles: WorkspaceFileRead[]): McpServerFiles {
  const homeFile = path.join(home, "mcp.json");
  const read = workspaceFiles.find((f) => f.kind === "mcp");
  if (!read) return { files: [homeFile] };
  if (usable(read))
    return { files: [homeFile, read.path], texts: new Map([[read.path, read.text]]) };
  const problems: McpConfigProblem[] = (read.servers ?? []).map((s) => ({
    file: read.path,
    server: s.name,
    reason: "UNTRUSTED",
    message: `MCP server ${s.name} of the workspace's ${read.path} is not started: the file is not trusted${read.sha256 ? ` (content ${read.sha256.slice(0, 12)}…)` : ""}. It would ${s.url ? `connect to ${s.url}` : `run: ${[s.command, ...(s.args ?? [])].join(" ")}`}`,
    hint: TRUST_HINT,
  }));
  return { files: [homeFile], problems };
}
