/**
 * MCP servers as a tool source: each server of mcp.json is started (stdio) or connected to
 * (streamable HTTP) with the SDK's client, and its tools are registered as
 * `@mcp-<server>/<tool>` with source `mcp:<server>`. A server that fails to start, exits or does
 * not answer in time is reported (with its stderr tail), its tools unregistered, and it is
 * restarted with exponential backoff; `notifications/tools/list_changed` is followed.
 *
 * Longer than our ~400-line rule: one server's lifecycle (connect, list, follow, fail, back off,
 * reconnect) is one state machine over one SDK client; the backoff itself is core/restart-policy.ts.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  getDefaultEnvironment,
  StdioClientTransport,
} from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  type CallToolResult,
  type Tool as McpTool,
  ToolListChangedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { describeThrown, ToolError } from "../core/errors.ts";
import { type Logger, silentLogger } from "../core/logger.ts";
import type {
  PluginFailureReason,
  PluginRecord,
  PluginReportSource,
} from "../core/plugin-report.ts";
import type { ToolContext, ToolProtocol } from "../core/protocol.ts";
import type { ToolRegistry } from "../core/registry.ts";
import { RestartPolicy } from "../core/restart-policy.ts";
import { withTimeout } from "../core/timeout.ts";
import { normaliseNamePart } from "./external-names.ts";
import { type McpServerConfig, readMcpConfig } from "./mcp-config.ts";
import { portableSchema } from "./portable-schema.ts";

/** Options of the MCP tool source. */
export interface McpToolSourceOptions {
  registry: ToolRegistry;
  /** Our version, sent to servers in `initialize`. */
  version: string;
  logger?: Logger;
  /** Default time a server may take to start and list its tools. Default 30 s. */
  startTimeoutMs?: number;
  /** First restart delay; doubled after each failure up to `maxBackoffMs`. Default 1 s. */
  initialBackoffMs?: number;
  /** Default 30 s. */
  maxBackoffMs?: number;
  /** Characters of stderr kept per server for the report. Default 2000. */
  stderrTailChars?: number;
}

/**
 * Problems reading mcp.json, reported as failed records with no server behind them; also servers
 * left unstarted on purpose (an untrusted workspace mcp.json: `reason` UNTRUSTED and its hint).
 */
export interface McpConfigProblem {
  file: string;
  server?: string;
  message: string;
  /** Default MCP_CONFIG_INVALID. */
  reason?: PluginFailureReason;
  hint?: string;
}

/** What to start: mcp.json files (later override earlier), content already read, extra records. */
export interface McpServerFiles {
  files: string[];
  /** Content of files already read (hashed for trust): used instead of reading them again. */
  texts?: ReadonlyMap<string, string>;
  /** Records to show beside the servers (servers not started, and why). */
  problems?: McpConfigProblem[];
}

/**
 * Reads mcp.json from each of `files` (later ones override), starts its servers into the
 * registry, and shows them in the loader's plugin report. `wait: false` returns at once (the UI
 * follows tools as they arrive); otherwise it resolves when each server is up or has failed.
 */
export async function startMcpServersFromConfig(
  options: McpToolSourceOptions &
    McpServerFiles & {
      report: { addReportSource(source: PluginReportSource): () => void };
      wait?: boolean;
    },
): Promise<{
  source: McpToolSource;
  /** Reads the files again and starts, stops or keeps each server to match (no restart of the rest). */
  reload(files: McpServerFiles): Promise<void>;
  close(): Promise<void>;
}> {
  const { files, texts, problems = [], report, wait = true, ...sourceOptions } = options;
  const source = new McpToolSource(sourceOptions);
  const removeFromReport = report.addReportSource(source);
  const config = await readMcpConfig(files, texts);
  const started = source
    .start(config.servers, [...problems, ...config.problems])
    .catch((error: unknown) =>
      sourceOptions.logger?.error("MCP servers did not start", { error: describeThrown(error) }),
    );
  if (wait) await started;
  return {
    source,
    async reload(next) {
      const config = await readMcpConfig(next.files, next.texts);
      await source.update(config.servers, [...(next.problems ?? []), ...config.problems]);
    },
    async close() {
      await source.stop();
      removeFromReport();
    },
  };
}

/** A running set of MCP server connections feeding one registry. */
export class McpToolSource implements PluginReportSource {
  private readonly options: Required<Omit<McpToolSourceOptions, "logger">> & { logger: Logger };
  private readonly servers = new Map<string, ServerConnection>();
  private configRecords: PluginRecord[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(options: McpToolSourceOptions) {
    this.options = {
      logger: silentLogger,
      startTimeoutMs: 30_000,
      initialBackoffMs: 1_000,
      maxBackoffMs: 30_000,
      stderrTailChars: 2_000,
      ...options,
    };
  }

  /**
   * Starts every server (stopping those started before); resolves once each has either
   * registered its tools or failed its first attempt.
   */
  async start(servers: McpServerConfig[], problems: McpConfigProblem[] = []): Promise<void> {
    await this.stop();
    this.configRecords = problems.map((p) => configProblemRecord(p));
    for (const config of servers) {
      this.servers.set(
        config.name,
        new ServerConnection(config, this.options, () => this.changed()),
      );
    }
    this.changed();
    await Promise.all([...this.servers.values()].map((s) => s.start()));
  }

  /**
   * Matches the running servers to `servers`: an unchanged server keeps running, a changed or
   * removed one is stopped, a new one started. Resolves once the new ones have started or failed.
   */
  async update(servers: McpServerConfig[], problems: McpConfigProblem[] = []): Promise<void> {
    this.configRecords = problems.map((p) => configProblemRecord(p));
    const wanted = new Map(servers.map((s) => [s.name, s]));
    const stopping: Promise<void>[] = [];
    for (const [name, connection] of this.servers) {
      const next = wanted.get(name);
      if (next && JSON.stringify(next) === JSON.stringify(connection.config)) {
        wanted.delete(name);
        continue;
      }
      this.servers.delete(name);
      stopping.push(connection.stop());
    }
    await Promise.all(stopping);
    const fresh = [...wanted.values()].map(
      (config) => new ServerConnection(config, this.options, () => this.changed()),
    );
    for (const connection of fresh) this.servers.set(connection.config.name, connection);
    this.changed();
    await Promise.all(fresh.map((s) => s.start()));
  }

  /** Stops every server and unregisters their tools. */
  async stop(): Promise<void> {
    const running = [...this.servers.values()];
    this.servers.clear();
    await Promise.all(running.map((s) => s.stop()));
    this.configRecords = [];
    if (running.length > 0) this.changed();
  }

  records(): PluginRecord[] {
    return [...this.configRecords, ...[...this.servers.values()].map((s) => s.record())];
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The process id of a stdio server while it runs (for diagnostics and tests). */
  pidOf(server: string): number | undefined {
    return this.servers.get(server)?.pid;
  }

  /** Waits until every server is running or failed (for tests and the CLI). */
  settled(): Promise<void> {
    return Promise.all([...this.servers.values()].map((s) => s.settled())).then(() => undefined);
  }

  private changed(): void {
    for (const listener of this.listeners) {
      try {
        listener();
      } catch (error) {
        this.options.logger.error("an MCP report listener threw", { error: describeThrown(error) });
      }
    }
  }
}

type Options = McpToolSource["options"];

/** One server: its client, its registered tools, its failures and restarts. */
class ServerConnection {
  private readonly source: string;
  private readonly scope: string;
  private client: Client | undefined;
  private transport: Transport | undefined;
  private tools: string[] = [];
  private status: "starting" | "loaded" | "failed" | "stopped" = "starting";
  private error: PluginRecord["error"];
  private stderr = "";
  /** Backoff between restarts (core/restart-policy.ts, shared with the plugin host). */
  private readonly restarts: RestartPolicy;
  private restartTimer: NodeJS.Timeout | undefined;
  private restartAt: string | undefined;
  private startedAt = performance.now();
  private durationMs = 0;
  private loadedAt = new Date().toISOString();
  private serverVersion: string | undefined;
  private generation = 0;
  private current: Promise<void> = Promise.resolve();

  constructor(
    readonly config: McpServerConfig,
    private readonly options: Options,
    private readonly onChange: () => void,
  ) {
    this.source = `mcp:${config.name}`;
    this.restarts = new RestartPolicy({
      initialMs: options.initialBackoffMs,
      maxMs: options.maxBackoffMs,
      resetAfterMs: options.maxBackoffMs * 2,
    });
    this.scope = `mcp-${(normaliseNamePart(config.name) ?? "server").slice(0, 60)}`;
  }

  get pid(): number | undefined {
    return this.transport instanceof StdioClientTransport
      ? (this.transport.pid ?? undefined)
      : undefined;
  }

  start(): Promise<void> {
    this.current = this.connect();
    return this.current;
  }

  settled(): Promise<void> {
    return this.current;
  }

  async stop(): Promise<void> {
    this.generation++;
    this.status = "stopped";
    clearTimeout(this.restartTimer);
    this.unregisterAll();
    await this.disconnect();
  }

  record(): PluginRecord {
    const record: PluginRecord = {
      id: this.source,
      kind: "mcp",
      source: this.source,
      name: this.config.name,
      ...(this.serverVersion ? { version: this.serverVersion } : {}),
      status: this.status === "loaded" ? "loaded" : "failed",
      tools: [...this.tools],
      durationMs: this.durationMs,
      loadedAt: this.loadedAt,
    };
    if (this.status !== "loaded") {
      record.error = this.error ?? {
        reason: "MCP_START_FAILED",
        message: `${this.config.name}: ${this.status === "stopped" ? "stopped" : "starting…"}`,
        hint: "wait for the server to start",
      };
    }
    if (this.stderr) record.stderrTail = this.stderr;
    if (this.restartAt) record.restart = { attempt: this.restarts.attempt, at: this.restartAt };
    return record;
  }

  private async connect(): Promise<void> {
    const generation = ++this.generation;
    this.status = "starting";
    this.startedAt = performance.now();
    this.restartAt = undefined;
    const timeoutMs = this.config.timeoutMs ?? this.options.startTimeoutMs;
    const client = new Client({ name: "agentic-workbench", version: this.options.version });
    let transport: Transport;
    try {
      transport = this.createTransport();
    } catch (error) {
      this.fail(generation, "MCP_START_FAILED", describeThrown(error));
      return;
    }
    this.client = client;
    this.transport = transport;
    client.onclose = () => {
      if (generation !== this.generation || this.status === "stopped") return;
      this.fail(
        generation,
        "MCP_CRASHED",
        this.status === "loaded"
          ? "the server closed the connection (it exited or crashed)"
          : "the server exited before it finished starting",
      );
    };
    client.onerror = (error) =>
      this.options.logger.debug("MCP client error", {
        server: this.config.name,
        error: String(error),
      });
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      if (generation !== this.generation) return;
      this.syncTools(generation, client).catch((error: unknown) =>
        this.options.logger.warn("could not follow the MCP server's tool list", {
          server: this.config.name,
          error: describeThrown(error),
        }),
      );
    });

    try {
      const outcome = await withTimeout(
        (async () => {
          await client.connect(transport, { timeout: timeoutMs });
          const tools = await listAllTools(client, timeoutMs);
          return tools;
        })(),
        timeoutMs,
        () => "timeout" as const,
      );
      if (generation !== this.generation) return;
      if (outcome === "timeout") {
        this.fail(
          generation,
          "MCP_TIMEOUT",
          `did not finish initialize and tools/list within ${timeoutMs} ms`,
        );
        return;
      }
      this.serverVersion = client.getServerVersion()?.version;
      this.restarts.up();
      this.register(outcome, client);
      this.status = "loaded";
      this.error = undefined;
      this.durationMs = performance.now() - this.startedAt;
      this.loadedAt = new Date().toISOString();
      this.onChange();
    } catch (error) {
      if (generation !== this.generation) return;
      this.fail(generation, "MCP_START_FAILED", describeThrown(error));
    }
  }

  private createTransport(): Transport {
    const { config } = this;
    if (config.url) {
      return new StreamableHTTPClientTransport(new URL(config.url), {
        ...(config.headers ? { requestInit: { headers: config.headers } } : {}),
      });
    }
    const transport = new StdioClientTransport({
      command: config.command as string,
      args: config.args ?? [],
      env: { ...getDefaultEnvironment(), ...config.env },
      ...(config.cwd ? { cwd: config.cwd } : {}),
      stderr: "pipe",
    });
    this.stderr = "";
    transport.stderr?.on("data", (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString("utf8")).slice(-this.options.stderrTailChars);
    });
    return transport;
  }

  private fail(generation: number, reason: PluginFailureReason, message: string): void {
    // The first report of a failure wins (an exit is often seen both as close and as an error).
    if (generation !== this.generation || this.status === "failed") return;
    this.status = "failed";
    this.unregisterAll();
    this.error = {
      reason,
      message: `MCP server ${this.config.name}: ${message}`,
      hint: hintFor(reason, this.config),
    };
    this.durationMs = performance.now() - this.startedAt;
    this.loadedAt = new Date().toISOString();
    if (commandNotFound(reason, message, this.config)) {
      // Restarting cannot make a missing program appear: say so once and stop trying.
      this.error = {
        reason,
        message: `MCP server ${this.config.name}: command ${JSON.stringify(this.config.command)} was not found`,
        hint: `install it, or fix "command" of mcpServers.${this.config.name} in ${this.config.file} (a full path, or a program on PATH); then restart the workbench`,
      };
      this.restartAt = undefined;
      this.options.logger.warn("MCP server command not found", {
        server: this.config.name,
        command: this.config.command,
      });
      void this.disconnect();
      this.onChange();
      return;
    }
    // A server that stayed up a while earns a fresh backoff; one that keeps dying waits longer.
    const { delayMs: delay } = this.restarts.failed();
    this.restartAt = new Date(Date.now() + delay).toISOString();
    this.options.logger.warn("MCP server failed", {
      server: this.config.name,
      reason,
      message,
      restartInMs: delay,
    });
    const closing = this.disconnect();
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      closing.then(() => {
        if (generation === this.generation && this.status === "failed") this.start();
      });
    }, delay);
    this.restartTimer.unref?.();
    this.onChange();
  }

  private async disconnect(): Promise<void> {
    const client = this.client;
    const transport = this.transport;
    this.client = undefined;
    this.transport = undefined;
    if (client) client.onclose = undefined;
    try {
      await (client ?? transport)?.close();
    } catch {
      // Closing a dead server's pipes can fail; it is gone either way.
    }
  }

  private async syncTools(generation: number, client: Client): Promise<void> {
    const tools = await listAllTools(client, this.config.timeoutMs ?? this.options.startTimeoutMs);
    if (generation !== this.generation || this.status !== "loaded") return;
    this.unregisterAll();
    this.register(tools, client);
    this.onChange();
  }

  private register(tools: McpTool[], client: Client): void {
    const taken = new Set<string>();
    for (const mcpTool of tools) {
      const base = normaliseNamePart(mcpTool.name) ?? "tool";
      let part = base;
      for (let n = 2; taken.has(part); n++) part = `${base.slice(0, 60)}-${n}`;
      taken.add(part);
      const name = `@${this.scope}/${part}`;
      const tool = mcpToolAdapter(name, mcpTool, client, this.config, this.options.logger);
      try {
        this.options.registry.register(tool, this.source);
      } catch (error) {
        this.options.logger.warn("MCP tool not registered", {
          server: this.config.name,
          tool: mcpTool.name,
          error: describeThrown(error),
        });
        // A schema our Ajv refuses should not lose the tool: offer it with a permissive schema.
        try {
          this.options.registry.register(
            { ...tool, metadata: { ...tool.metadata, parametersSchema: { type: "object" } } },
            this.source,
          );
        } catch {
          continue;
        }
      }
      this.tools.push(name);
    }
  }

  private unregisterAll(): void {
    for (const name of this.tools) {
      if (this.options.registry.registration(name)?.source === this.source) {
        this.options.registry.unregister(name);
      }
    }
    this.tools = [];
  }
}

async function listAllTools(client: Client, timeoutMs: number): Promise<McpTool[]> {
  const tools: McpTool[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor ? { cursor } : {}, { timeout: timeoutMs });
    tools.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor);
  return tools;
}

/** One MCP tool as ours: invoking it calls the server. */
function mcpToolAdapter(
  name: string,
  mcpTool: McpTool,
  client: Client,
  config: McpServerConfig,
  logger: Logger,
): ToolProtocol {
  const annotations = mcpTool.annotations;
  return {
    metadata: {
      name,
      description:
        mcpTool.description ??
        mcpTool.title ??
        `${mcpTool.name} from the MCP server ${config.name}`,
      deterministic: false,
      costPerInvocation: 0,
      parametersSchema: portableSchema(mcpTool.inputSchema),
      tags: ["mcp", config.name],
      ...(annotations
        ? {
            annotations: {
              ...(annotations.readOnlyHint !== undefined
                ? { readOnly: annotations.readOnlyHint }
                : {}),
              ...(annotations.destructiveHint !== undefined
                ? { destructive: annotations.destructiveHint }
                : {}),
            },
          }
        : {}),
    },
    async invoke(params: unknown, ctx: ToolContext) {
      const result = (await client.callTool(
        { name: mcpTool.name, arguments: (params ?? {}) as Record<string, unknown> },
        undefined,
        {
          signal: ctx.signal,
          // The registry's timeout (or the caller's cancel) aborts the signal; the SDK's own
          // default of 60 s must not cut a longer per-tool timeout short.
          timeout: 24 * 60 * 60 * 1000,
          onprogress: (p) =>
            ctx.progress({
              progress: p.progress,
              ...(p.total !== undefined ? { total: p.total } : {}),
              ...(p.message !== undefined ? { message: p.message } : {}),
            }),
        },
      )) as CallToolResult;
      const text = result.content
        .filter((c): c is { type: "text"; text: string } => c.type === "text")
        .map((c) => c.text)
        .join("\n");
      if (result.isError) {
        logger.debug("MCP tool returned an error", { tool: name });
        throw new ToolError(text || `${mcpTool.name} failed on the MCP server ${config.name}`, {
          details: { server: config.name, tool: mcpTool.name, content: result.content },
        });
      }
      if (result.structuredContent !== undefined) return result.structuredContent;
      if (result.content.length > 0 && result.content.every((c) => c.type === "text")) return text;
      return { content: result.content };
    },
  };
}

/** The stdio server's program does not exist (spawn's ENOENT), as opposed to it failing. */
function commandNotFound(
  reason: PluginFailureReason,
  message: string,
  config: McpServerConfig,
): boolean {
  return reason === "MCP_START_FAILED" && !config.url && /\bENOENT\b/.test(message);
}

function hintFor(reason: PluginFailureReason, config: McpServerConfig): string {
  const where = `mcpServers.${config.name} in ${config.file}`;
  switch (reason) {
    case "MCP_TIMEOUT":
      return `it did not answer in time; check its stderr, or raise "timeoutMs" in ${where}. It is restarted with backoff`;
    case "MCP_CRASHED":
      return "it exited; see its stderr. It is restarted with backoff";
    default:
      return config.url
        ? `check that ${config.url} is a running streamable HTTP MCP endpoint (${where})`
        : `check "command", "args" and "env" of ${where}, and the server's stderr. It is restarted with backoff`;
  }
}

function configProblemRecord(problem: McpConfigProblem): PluginRecord {
  // An untrusted server may share its name with a running one of $AGENTIC_HOME/mcp.json.
  const id = problem.server
    ? `${problem.reason === "UNTRUSTED" ? "mcp-untrusted" : "mcp"}:${problem.server}`
    : `mcp-config:${problem.file}`;
  return {
    id,
    kind: "mcp",
    source: id,
    name: problem.server ?? "mcp.json",
    status: "failed",
    tools: [],
    error: {
      reason: problem.reason ?? "MCP_CONFIG_INVALID",
      message: problem.message,
      hint:
        problem.hint ??
        'fix mcp.json: { "mcpServers": { "<name>": { "command", "args", "env" } or { "url" } } }',
    },
    durationMs: 0,
    loadedAt: new Date().toISOString(),
  };
}
