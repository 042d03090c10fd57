/**
 * `mcp.json`: the MCP servers whose tools join the registry, in the shape desktop MCP clients use:
 *
 *   { "mcpServers": { "<name>": { "command": "npx", "args": ["-y", "pkg"], "env": { ... } } } }
 *   { "mcpServers": { "<name>": { "url": "http://127.0.0.1:3000/mcp", "headers": { ... } } } }
 *
 * Read from `$AGENTIC_HOME/mcp.json` and then the workspace's `mcp.json`; a server named in both
 * takes the workspace's entry. Optional per server: `cwd`, `timeoutMs` (start and listing),
 * `disabled`.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";

/** One server of `mcpServers`. */
export interface McpServerConfig {
  /** The server's name in mcp.json (the key). */
  name: string;
  /** The file it was read from. */
  file: string;
  command?: string;
  args?: string[];
  env?: Record<string, string>;
  /** Working folder of a command server; relative paths are relative to the mcp.json's folder. */
  cwd?: string;
  /** A streamable HTTP server's endpoint. */
  url?: string;
  headers?: Record<string, string>;
  /** How long starting (initialize + tools/list) may take. */
  timeoutMs?: number;
}

/** What reading the files gave: servers, and one problem per unusable file or entry. */
export interface McpConfig {
  servers: McpServerConfig[];
  problems: { file: string; server?: string; message: string }[];
}

/**
 * Reads the given mcp.json files (missing ones are skipped); later files override earlier.
 * `texts` supplies the content of files already read — a workspace file is read once, hashed
 * for trust, and exactly that content is used, so it cannot change between the check and the use.
 */
export async function readMcpConfig(
  files: string[],
  texts: ReadonlyMap<string, string> = new Map(),
): Promise<McpConfig> {
  const byName = new Map<string, McpServerConfig>();
  const problems: McpConfig["problems"] = [];
  for (const file of files) {
    let text = texts.get(file);
    if (text === undefined) {
      try {
        text = await readFile(file, "utf8");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
        problems.push({ file, message: `cannot read ${file}: ${(error as Error).message}` });
        continue;
      }
    }
    const parsed = parseMcpConfigText(text, file);
    problems.push(...parsed.problems);
    for (const server of parsed.servers) byName.set(server.name, server);
    for (const name of parsed.disabled) byName.delete(name);
  }
  return { servers: [...byName.values()], problems };
}

/** One mcp.json's content: its servers, its problems, and the names it disables. */
export function parseMcpConfigText(text: string, file: string): McpConfig & { disabled: string[] } {
  const out: McpConfig & { disabled: string[] } = { servers: [], problems: [], disabled: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    out.problems.push({ file, message: `${file} is not valid JSON: ${(error as Error).message}` });
    return out;
  }
  const servers = (parsed as { mcpServers?: unknown } | null)?.mcpServers;
  if (!isRecord(servers)) {
    out.problems.push({ file, message: `${file} has no "mcpServers" object` });
    return out;
  }
  for (const [name, entry] of Object.entries(servers)) {
    const result = parseEntry(name, entry, file);
    if (typeof result === "string") out.problems.push({ file, server: name, message: result });
    else if (result) out.servers.push(result);
    else out.disabled.push(name);
  }
  return out;
}

/** The config, a problem message, or undefined for a disabled server. */
function parseEntry(
  name: string,
  entry: unknown,
  file: string,
): McpServerConfig | string | undefined {
  const where = `mcpServers.${name} in ${file}`;
  if (!isRecord(entry)) return `${where} must be an object`;
  if (entry.disabled === true) return undefined;
  const config: McpServerConfig = { name, file };
  if (typeof entry.command === "string" && entry.command.length > 0) {
    config.command = entry.command;
    if (entry.args !== undefined) {
      if (!Array.isArray(entry.args) || !entry.args.every((a) => typeof a === "string")) {
        return `${where}: "args" must be an array of strings`;
      }
      config.args = entry.args as string[];
    }
    if (entry.env !== undefined) {
      if (!isStringRecord(entry.env)) return `${where}: "env" must map names to strings`;
      config.env = entry.env;
    }
    if (typeof entry.cwd === "string") config.cwd = path.resolve(path.dirname(file), entry.cwd);
  } else if (typeof entry.url === "string") {
    try {
      const url = new URL(entry.url);
      if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("not http(s)");
    } catch {
      return `${where}: "url" must be an http(s) URL`;
    }
    config.url = entry.url;
    if (entry.headers !== undefined) {
      if (!isStringRecord(entry.headers)) return `${where}: "headers" must map names to strings`;
      config.headers = entry.headers;
    }
  } else {
    return `${where} needs "command" (a program to start) or "url" (a streamable HTTP endpoint)`;
  }
  if (entry.timeoutMs !== undefined) {
    if (typeof entry.timeoutMs !== "number" || !(entry.timeoutMs > 0)) {
      return `${where}: "timeoutMs" must be a positive number`;
    }
    config.timeoutMs = entry.timeoutMs;
  }
  return config;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return isRecord(value) && Object.values(value).every((v) => typeof v === "string");
}
