/** The `agentic` command line: the same core as the app, without the UI. */
import { Command, CommanderError, Option } from "commander";
import { APP_VERSION } from "../../api/app-paths.ts";
import type { WorkbenchCalls } from "../../api/contract.ts";
import { createStreamLogger } from "../../api/logging.ts";
import type { Workbench, WorkbenchOptions } from "../../api/workbench.ts";
import type { WorkbenchService } from "../../api/workbench-service.ts";
import { EXIT, printError, UsageError } from "./output.ts";

// Each command's module (and the core behind it) is imported when that command runs: `--help`
// loads none of them, `tools list` not the MCP SDK, the OpenAI SDK or OpenTelemetry.
const commands = {
  agent: () => import("./agent-command.ts"),
  export: () => import("./export-command.ts"),
  invoke: () => import("./invoke-command.ts"),
  llm: () => import("./llm-commands.ts"),
  plugins: () => import("./plugins-command.ts"),
  serve: () => import("./serve-command.ts"),
  test: () => import("./test-command.ts"),
  toolDefinitions: () => import("./tool-definitions-command.ts"),
  tools: () => import("./tools-commands.ts"),
  traces: () => import("./traces-command.ts"),
  trust: () => import("./trust-command.ts"),
};

/** What a command may change in how its workbench starts (see WorkbenchOptions). */
type WorkbenchExtras = Pick<
  WorkbenchOptions,
  "waitForPlugins" | "mcpServers" | "pluginMetadataCache"
>;

interface GlobalOptions {
  pluginsDir: string[];
  workspace?: string;
  verbose?: boolean;
  llmConfig?: string;
  trustWorkspace?: boolean;
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  let workbench: Workbench | undefined;
  let service: WorkbenchService | undefined;
  const withWorkbench =
    <A extends unknown[]>(
      action: (wb: Workbench, ...args: A) => unknown,
      extra: WorkbenchExtras = {},
    ) =>
    async (...args: A) => {
      const command = args[args.length - 1] as Command;
      const globals = command.optsWithGlobals() as GlobalOptions;
      const { createWorkbench } = await import("../../api/workbench.ts");
      workbench = await createWorkbench({
        pluginDirs: globals.pluginsDir,
        ...(globals.workspace ? { workspaceRoot: globals.workspace } : {}),
        ...(globals.llmConfig ? { llmConfig: globals.llmConfig } : {}),
        ...(globals.trustWorkspace ? { trustWorkspace: true } : {}),
        logger: createStreamLogger({ minLevel: globals.verbose ? "debug" : "error" }),
        // A command lists plugin tools from their last good load and starts the plugin host
        // only for a call; `serve` loads for real, as it watches and reloads.
        pluginMetadataCache: true,
        ...extra,
      });
      const code = await action(workbench, ...args);
      if (typeof code === "number") exitCode = code;
    };

  // Commands go through the Workbench API, as the UI does; those that follow its events (progress,
  // agent steps and approvals) get the service, the rest its calls.
  const withEvents = <A extends unknown[]>(
    action: (service: WorkbenchService, ...args: A) => unknown,
    extra: WorkbenchExtras = {},
  ) =>
    withWorkbench(async (wb, ...args: A) => {
      const { createWorkbenchService } = await import("../../api/workbench-service.ts");
      service = createWorkbenchService(wb, { host: "cli", version: APP_VERSION });
      return action(service, ...args);
    }, extra);
  const withService = <A extends unknown[]>(
    action: (api: WorkbenchCalls, ...args: A) => unknown,
    extra: WorkbenchExtras = {},
  ) => withEvents((s, ...args: A) => action(s.calls, ...args), extra);

  const program = new Command("agentic")
    .description("Agentic Workbench: list, inspect and invoke plugin tools.")
    .version(APP_VERSION, "-V, --version", "print the version")
    .addOption(
      new Option("--plugins-dir <dir>", "an extra plugin folder (repeatable)")
        .argParser((value: string, previous: string[] = []) => [...previous, value])
        .default([]),
    )
    .option("--workspace <dir>", "folder the file and git tools are confined to (default: cwd)")
    .option("--verbose", "log loader and tool details to stderr")
    .option(
      "--llm-config <file>",
      "the LiteLLM config (default: LITELLM_CONFIG, else litellm_config.yaml in the workspace, else the app's)",
    )
    .option(
      "--trust-workspace",
      "trust the workspace's mcp.json and litellm_config.yaml as they are now (recorded; see `agentic trust`)",
    )
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  const tools = program.command("tools").description("list and inspect tools");
  tools
    .command("list")
    .description("list the registered tools")
    .option("--json", "print an array of metadata plus source")
    .option("--search <text>", "only tools whose name, description or tags contain text")
    .option("--scope <scope>", "only tools of this scope, e.g. math")
    .option("--deterministic", "only deterministic tools")
    .action(
      withService(
        async (
          api,
          opts: { json?: boolean; search?: string; scope?: string; deterministic?: boolean },
        ) => (await commands.tools()).listTools(api, opts),
      ),
    );
  tools
    .command("show <name>")
    .description("show one tool's metadata and parameter schema")
    .option("--json", "print metadata plus source as JSON")
    .action(
      withService(async (api, name: string, opts: { json?: boolean }) =>
        (await commands.tools()).showTool(api, name, opts),
      ),
    );

  tools
    .command("export")
    .description("print the tools as function definitions for OpenAI, Anthropic or MCP")
    .requiredOption("--format <format>", "openai, anthropic or mcp")
    .option("--json", "print { format, tools, names } (names maps external names back to ours)")
    .option("--scope <scope>", "only tools of this scope, e.g. math")
    .option("--search <text>", "only tools whose name, description or tags contain text")
    .action(
      withService(
        async (api, opts: { format?: string; json?: boolean; scope?: string; search?: string }) =>
          (await commands.export()).exportToolDefinitions(api, opts),
      ),
    );

  tools
    .command("snapshot")
    .description("print every tool's definition (schemas, annotations, cost) as JSON")
    .action(
      withWorkbench(async (wb) => (await commands.toolDefinitions()).snapshotDefinitions(wb)),
    );
  tools
    .command("diff <old> [new]")
    .description(
      "compare tool definitions (new: default the tools now); exit 1 if any change breaks callers",
    )
    .option("--json", "print { added, removed, changed, breaking } as JSON")
    .action(
      withWorkbench(
        async (wb, oldFile: string, newFile: string | undefined, opts: { json?: boolean }) =>
          (await commands.toolDefinitions()).diffToolDefinitions(wb, oldFile, newFile, opts),
      ),
    );

  program
    .command("test [paths...]")
    .description("run the tool test suites (default: agentic-tests/ in the workspace)")
    .option("--tool <name>", "only cases calling this tool")
    .option("--grep <text>", "only cases whose suite or case name contains text")
    .option("--junit <file>", "also write JUnit XML for CI")
    .option("--json", "print the report as JSON")
    .option("--update", "record the results of golden cases (expect: golden) into their files")
    .option("--concurrency <n>", "cases run at once within a suite (default 4)")
    .action(
      withWorkbench(async (wb, paths: string[], opts: import("./test-command.ts").TestOptions) =>
        (await commands.test()).runTests(wb, paths, opts),
      ),
    );

  program
    .command("invoke <name>")
    .description("invoke a tool and print its result")
    .option("--params <json>", "parameters as a JSON object")
    .option("--params-file <file>", "read the parameters from a JSON file")
    .option("--json", "print the whole result object as JSON")
    .option("--timeout <ms>", "fail with TIMEOUT after this many milliseconds")
    .action(
      withEvents(
        async (
          service,
          name: string,
          opts: { params?: string; paramsFile?: string; json?: boolean; timeout?: string },
        ) => (await commands.invoke()).invokeTool(service, name, opts),
        // A built-in tool runs at once; the service loads the plugins only for another name.
        { waitForPlugins: false },
      ),
    );

  program
    .command("serve")
    .description("serve the workbench UI on 127.0.0.1 (prints the URL with its token)")
    .option("--port <n>", "port to listen on (default: a free one)")
    .option("--open", "open the URL in the default browser")
    .action(
      withWorkbench(
        async (wb, opts: { port?: string; open?: boolean }) =>
          (await commands.serve()).serve(wb, opts),
        // Serving watches and reloads plugins, so it loads them for real, after the URL is up.
        { pluginMetadataCache: false, waitForPlugins: false },
      ),
    );

  program
    .command("mcp")
    .description("serve the tools over MCP: stdio, or streamable HTTP on 127.0.0.1 with --http")
    .option(
      "--http <port>",
      "serve streamable HTTP at http://127.0.0.1:<port>/mcp (0: a free port)",
    )
    .option(
      "--token <token>",
      "the bearer token HTTP clients must send (default: AGENTIC_MCP_TOKEN, else a random one, printed)",
    )
    // Loaded on use: the MCP SDK takes ~0.2 s to import, which every other command would pay.
    .hook("preAction", async (command) => {
      // Before the workbench loads plugins: they must not see (or print onto) the protocol.
      if (command.opts().http === undefined) (await import("./mcp-stdio-claim.ts")).claimStdio();
    })
    .action(async (opts: { http?: string; token?: string }, command: Command) => {
      const stdio = await import("./mcp-stdio-claim.ts");
      if (stdio.mustRelay(opts)) {
        exitCode = await stdio.relayStdio(argv);
        return;
      }
      const mcp = await import("./mcp-command.ts");
      await withWorkbench(async (wb, _opts: unknown, _command: Command) => {
        const { createWorkbenchService } = await import("../../api/workbench-service.ts");
        service = createWorkbenchService(wb, { host: "cli", version: APP_VERSION });
        return mcp.serveMcp(wb, service, opts);
      })(opts, command);
    });

  const llm = program.command("llm").description("the LLM proxy: model groups and completions");
  llm
    .command("models")
    .description(
      "model groups, deployments, fallbacks, the mode (proxy or direct) and what answers",
    )
    .option("--json", "print the overview as JSON")
    .action(
      withService(async (api, opts: { json?: boolean }) =>
        (await commands.llm()).llmModels(api, opts),
      ),
    );
  llm
    .command("complete <prompt>")
    .description(
      "ask a model group; prints the answer, the deployment that answered and the attempts",
    )
    .requiredOption("--model <name>", "the model group, e.g. main or fast")
    .option("--simulate-failure", "make the first choice fail, to watch the fallback")
    .option(
      "--json",
      "print { ok, mode, modelGroup, deployment, text, attempts, usage, cost, latencyMs }",
    )
    .action(
      withService(
        async (
          api,
          prompt: string,
          opts: { model: string; simulateFailure?: boolean; json?: boolean },
        ) => (await commands.llm()).llmComplete(api, prompt, opts),
      ),
    );

  program
    .command("agent")
    .description("a model using the tools through the LLM proxy")
    .command("run <prompt>")
    .description("run an agent: every step validated, approved where it writes, traced, costed")
    .requiredOption("--model <group>", "the model group, e.g. main")
    .addOption(
      new Option("--tools <pattern>", "offer only these tools: a name, scope or glob (repeatable)")
        .argParser((value: string, previous: string[] = []) => [...previous, value])
        .default([]),
    )
    .option("--max-steps <n>", "model calls at most (default 10)")
    .option("--max-cost <usd>", "stop once LLM and tool costs reach this many USD")
    .option(
      "--approve <policy>",
      "tools that write: none, readonly (ask; refuse without a terminal) or all",
      "readonly",
    )
    .option("--system <text>", "a system prompt")
    .option(
      "--simulate-failure",
      "make the first model call's first choice fail (watch the fallback)",
    )
    .option("--json", "print the result: { ok, text, steps, usage, cost, stoppedBecause, traceId }")
    .action(
      withEvents(
        async (service, prompt: string, opts: import("./agent-command.ts").AgentRunOptions) =>
          (await commands.agent()).agentRun(service, prompt, opts),
      ),
    );

  const traces = program.command("traces").description("the local trace store");
  traces
    .command("list")
    .description("recent traces, newest first")
    .option("--json", "print the traces as JSON")
    .option("--tool <name>", "only this tool's traces")
    .option("--status <status>", "ok or error")
    .option("--limit <n>", "at most this many (default 50)")
    .action(
      withService(
        async (api, opts: { json?: boolean; tool?: string; status?: string; limit?: string }) =>
          (await commands.traces()).listTraces(api, opts),
      ),
    );
  traces
    .command("show <traceId>")
    .description("one trace with its observations (and its Langfuse link when configured)")
    .option("--json", "print the trace as JSON")
    .action(
      withService(async (api, traceId: string, opts: { json?: boolean }) =>
        (await commands.traces()).showTrace(api, traceId, opts),
      ),
    );

  const plugins = program.command("plugins").description("the plugin load report");
  plugins
    .command("list")
    .description("list loaded and failed plugins with the reasons")
    .option("--json", "print the report as JSON")
    .action(
      withService(async (api, opts: { json?: boolean }) =>
        (await commands.plugins()).listPlugins(api, opts),
      ),
    );

  program
    .command("trust")
    .description(
      "show what the workspace's mcp.json would start and which env vars its litellm_config.yaml reads; trust them as they are now",
    )
    .option("--list", "only show the files and whether they are trusted")
    .option("--revoke", "forget the trust of the workspace's files")
    .option("--json", "print { workspace, files, trusted | revoked } as JSON")
    .action(
      withService(
        async (api, opts: { list?: boolean; revoke?: boolean; json?: boolean }) =>
          (await commands.trust()).trustWorkspace(api, opts),
        // Deciding about the files starts nothing: no plugins, no MCP server of theirs.
        { waitForPlugins: false, mcpServers: false },
      ),
    );

  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are successes; every other parse error is bad usage.
      exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    } else if (error instanceof UsageError) {
      printError(error.message, error.hint);
      exitCode = EXIT.usage;
    } else {
      // A call the service refused (a CallError) carries its hint apart from the message.
      const hint = (error as { hint?: unknown } | null)?.hint;
      printError(
        (error as Error).message ?? String(error),
        typeof hint === "string" ? hint : undefined,
      );
      exitCode = EXIT.usage;
    }
  } finally {
    service?.close();
    await workbench?.close();
  }
  return exitCode;
}
