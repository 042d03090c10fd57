/** `agentic serve [--port N] [--open]`: the workbench UI in a browser, on 127.0.0.1. */
import { spawn } from "node:child_process";
import { APP_VERSION, rendererBuildDir } from "../../api/app-paths.ts";
import type { Workbench } from "../../api/workbench.ts";
import { createWorkbenchService } from "../../api/workbench-service.ts";
import { startWebHost } from "../web/server.ts";
import { UsageError } from "./output.ts";

/** Serves until SIGINT or SIGTERM; resolves to the exit code. */
export async function serve(
  workbench: Workbench,
  options: { port?: string; open?: boolean; rendererDir?: string },
): Promise<number> {
  const port = options.port === undefined ? 0 : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be a port number, got ${JSON.stringify(options.port)}`);
  }
  const service = createWorkbenchService(workbench, { host: "web", version: APP_VERSION });
  const host = await startWebHost({
    service,
    rendererDir: options.rendererDir ?? rendererBuildDir(),
    port,
    logger: workbench.logger,
  }).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(
      error.code === "EADDRINUSE"
        ? `port ${port} is already in use`
        : `cannot start the web host: ${error.message}`,
      error.code === "EADDRINUSE" ? "pick another --port, or omit it for a free one" : undefined,
    );
  });
  process.stdout.write(`Agentic Workbench is serving at ${host.url}\n`);
  process.stdout.write(`workspace: ${workbench.workspaceRoot}   (Ctrl+C to stop)\n`);
  // The plugins and MCP servers load behind the page, not in front of it: the built-in tools show
  // at once and the others join the list (tools-changed events) as they load.
  // Watching starts before loading, so a file written meanwhile is not missed.
  workbench.loader
    .watch()
    .then(() => workbench.loadToolSources())
    .catch((error: unknown) =>
      workbench.logger.error("loading plugins failed", { error: String(error) }),
    );
  // Said at start, not only in the LLM panel: a mistyped --llm-config is otherwise easy to miss.
  const llmProblem = workbench.llm.configProblem;
  if (llmProblem)
    process.stderr.write(
      `warning: ${llmProblem}; the LLM panel and @llm tools have no model groups until it is fixed\n`,
    );
  if (options.open) openInBrowser(host.url);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  service.close();
  await host.close();
  return 0;
}

function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === "darwin"
      ? ["open", [url]]
      : process.platform === "win32"
        ? ["cmd", ["/c", "start", "", url]]
        : ["xdg-open", [url]];
  const child = spawn(command as string, args as string[], { detached: true, stdio: "ignore" });
  child.on("error", () => process.stderr.write(`could not open a browser; open ${url} yourself\n`));
  child.unref();
}
