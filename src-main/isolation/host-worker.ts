/**
 * The plugin host's side: runs in a worker thread, imports plugins with the same importer and
 * extraction as the in-process loader, and runs their tools on the main thread's behalf. Nothing
 * here may assume it survives: the main side terminates this thread when a plugin hogs it.
 */
import { parentPort, workerData } from "node:worker_threads";
import { type CustomCheck, runCustomValidation } from "../core/custom-validation.ts";
import { describeThrown, toolErrorFields } from "../core/errors.ts";
import { InvocationContext } from "../core/invocation-context.ts";
import type { Logger } from "../core/logger.ts";
import { createModuleImporter } from "../core/module-importer.ts";
import type { NativeImport } from "../core/native-plugin-import.ts";
import { resolvePluginApiNatively } from "../core/plugin-api-resolution.ts";
import { extractTools } from "../core/plugin-exports.ts";
import type { ParamProblem, ProgressUpdate, ToolProtocol } from "../core/protocol.ts";
import { findUnserializable } from "../core/result.ts";
import { isThenable } from "../core/thenable.ts";
import { trackChildProcesses } from "./child-tracking.ts";
import type {
  CallOutcome,
  FromHost,
  HostedToolInfo,
  HostWorkerData,
  ToHost,
} from "./host-messages.ts";
import { type ServiceReply, serviceProxies } from "./service-bridge.ts";
import { lowerThisThreadsPriority } from "./thread-priority.ts";

/** Whether natively imported plugins can reach the plugin API module (TypeScript needs Node's type stripping). */
function nativePluginApi(pluginApiModule: string | undefined): boolean {
  if (!pluginApiModule) return false;
  const strips = Boolean((process.features as { typescript?: unknown }).typescript);
  if (/\.[mc]?ts$/.test(pluginApiModule) && !strips) return false;
  return resolvePluginApiNatively(pluginApiModule);
}

/**
 * Starts the host; called by its entry (host-bootstrap.mjs from source, host-entry.ts built) once
 * this module is loaded, with the entry's own `import()`: one that no transpiler rewrote.
 */
export function startHost(entry: { importNatively?: NativeImport } = {}): void {
  const port = parentPort;
  if (!port) throw new Error("the plugin host must run in a worker thread");
  const data = workerData as HostWorkerData;
  lowerThisThreadsPriority();
  const running = new Int32Array(data.running);
  const importModule = createModuleImporter({
    ...(data.pluginApiModule ? { pluginApiModule: data.pluginApiModule } : {}),
    ...(data.cacheDir ? { cacheDir: data.cacheDir } : {}),
    ...(entry.importNatively && nativePluginApi(data.pluginApiModule)
      ? { importNatively: entry.importNatively }
      : {}),
  });
  const plugins = new Map<string, Map<string, ToolProtocol>>();
  const calls = new Map<number, InvocationContext>();
  const post = (message: FromHost) => port.postMessage(message);
  const serviceRequests = new Map<number, (reply: ServiceReply) => void>();
  let nextRequest = 1;
  const callService = (callId: number) => (remote: number, method: string, args: unknown[]) =>
    new Promise<unknown>((resolve, reject) => {
      const requestId = nextRequest++;
      serviceRequests.set(requestId, (reply) =>
        reply.ok ? resolve(reply.value) : reject(new Error(reply.message)),
      );
      try {
        post({ t: "service-call", callId, requestId, remote, method, args });
      } catch (error) {
        serviceRequests.delete(requestId);
        reject(new Error(`the arguments cannot be sent to the service: ${describeThrown(error)}`));
      }
    });

  trackChildProcesses((pid) => post({ t: "child", pid }));

  // A plugin's process.exit ends only this thread; say who called it before going.
  const exit = process.exit.bind(process);
  process.exit = ((code?: number) => {
    post({ t: "exiting", code: code ?? 0, stack: new Error("process.exit").stack ?? "" });
    return exit(code);
  }) as typeof process.exit;

  const load = async (message: Extract<ToHost, { t: "load" }>) => {
    post({ t: "begin", loadId: message.loadId });
    plugins.delete(message.id);
    let ns: Record<string, unknown>;
    let pending: Promise<Record<string, unknown>>;
    // The import's synchronous part (jiti evaluates the module) runs inside this call.
    Atomics.store(running, 0, -message.loadId);
    try {
      pending = importModule(message.entry, message.id);
    } finally {
      Atomics.store(running, 0, 0);
    }
    try {
      ns = await pending;
    } catch (error) {
      post({
        t: "loaded",
        loadId: message.loadId,
        ok: false,
        error: {
          name: error instanceof Error ? error.name : "Error",
          message: describeThrown(error),
        },
      });
      return;
    }
    const extracted = extractTools(ns);
    const tools = new Map<string, ToolProtocol>();
    const infos: HostedToolInfo[] = [];
    for (const { exportName, tool } of extracted.tools) {
      const name = (tool.metadata as { name?: unknown } | undefined)?.name;
      if (typeof name === "string") tools.set(name, tool);
      infos.push({
        exportName,
        metadata: cloneable(tool.metadata) as HostedToolInfo["metadata"],
        validateParamsType: typeof tool.validateParams,
      });
    }
    plugins.set(message.id, tools);
    post({
      t: "loaded",
      loadId: message.loadId,
      ok: true,
      ...(extracted.name !== undefined ? { name: extracted.name } : {}),
      ...(extracted.version !== undefined ? { version: extracted.version } : {}),
      tools: infos,
      problems: extracted.problems,
    });
  };

  const invoke = (message: Extract<ToHost, { t: "invoke" }>) => {
    const { callId } = message;
    post({ t: "started", callId });
    const tool = plugins.get(message.pluginId)?.get(message.tool);
    if (!tool) {
      const outcome: CallOutcome = {
        ok: false,
        kind: "threw",
        message: `the plugin no longer exports ${message.tool}; reload it`,
        extraCost: 0,
      };
      post({ t: "done", callId, outcome });
      return;
    }
    // The core's own context; progress and logs travel back as messages.
    const ctx = new InvocationContext(
      message.tool,
      message.invocationId,
      message.workspaceRoot,
      serviceProxies(message.services, callService(callId)),
      messageLogger(callId, post),
      (update) => post({ t: "progress", callId, update: cloneable(update) as ProgressUpdate }),
    );
    // The same reading of validateParams as in-process (sync stays sync; a promise is awaited).
    const checked = runCustomValidation(tool, message.params);
    if (isThenable(checked)) {
      void Promise.resolve(checked).then((c) => runChecked(tool, callId, ctx, message.params, c));
    } else runChecked(tool, callId, ctx, message.params, checked);
  };

  const runChecked = (
    tool: ToolProtocol,
    callId: number,
    ctx: InvocationContext,
    params: unknown,
    checked: CustomCheck,
  ) => {
    if (checked.kind === "broken-contract") {
      post({
        t: "done",
        callId,
        outcome: { ok: false, kind: "broken-contract", message: checked.message, extraCost: 0 },
      });
      return;
    }
    if (checked.problems.length > 0) {
      post({
        t: "done",
        callId,
        outcome: {
          ok: false,
          kind: "invalid-params",
          problems: cloneable(checked.problems) as ParamProblem[],
          extraCost: 0,
        },
      });
      return;
    }
    calls.set(callId, ctx);
    let returned: unknown;
    Atomics.store(running, 0, callId);
    try {
      returned = tool.invoke(params, ctx);
    } catch (thrown) {
      finish(callId, ctx, { thrown });
      return;
    } finally {
      Atomics.store(running, 0, 0);
    }
    if (isThenable(returned)) {
      returned.then(
        (value) => finish(callId, ctx, { value }),
        (thrown: unknown) => finish(callId, ctx, { thrown }),
      );
    } else finish(callId, ctx, { value: returned });
  };

  const finish = (
    callId: number,
    ctx: InvocationContext,
    end: { value: unknown } | { thrown: unknown },
  ) => {
    calls.delete(callId);
    const outcome = outcomeOf(end, ctx.extraCost);
    try {
      post({ t: "done", callId, outcome });
    } catch (error) {
      // JSON-serialisable but not cloneable (a class instance with toJSON holding a function):
      // send what JSON makes of it, which is what any transport would have sent anyway.
      post({ t: "done", callId, outcome: jsonCopy(outcome, error) });
    }
  };

  port.on("message", (message: ToHost) => {
    switch (message.t) {
      case "load":
        void load(message);
        break;
      case "unload":
        plugins.delete(message.id);
        break;
      case "invoke":
        invoke(message);
        break;
      case "cancel":
        calls.get(message.callId)?.stop(new Error(message.reason));
        break;
      case "service-reply": {
        const settle = serviceRequests.get(message.requestId);
        serviceRequests.delete(message.requestId);
        settle?.(message.reply);
        break;
      }
      case "ping":
        post({ t: "pong", n: message.n });
        break;
    }
  });
  post({ t: "ready" });
}

function messageLogger(
  callId: number,
  post: (message: FromHost) => void,
  base: Record<string, unknown> = {},
): Logger {
  const line =
    (level: "debug" | "info" | "warn" | "error") =>
    (message: string, fields?: Record<string, unknown>) =>
      post({
        t: "log",
        callId,
        level,
        message: String(message),
        fields: cloneable({ ...base, ...fields }) as Record<string, unknown>,
      });
  return {
    debug: line("debug"),
    info: line("info"),
    warn: line("warn"),
    error: line("error"),
    child: (fields) => messageLogger(callId, post, { ...base, ...fields }),
  };
}

function outcomeOf(end: { value: unknown } | { thrown: unknown }, extraCost: number): CallOutcome {
  if ("thrown" in end) {
    const { details, hint } = toolErrorFields(end.thrown);
    return {
      ok: false,
      kind: "threw",
      message: describeThrown(end.thrown),
      ...(details !== undefined ? { details: cloneable(details) as Record<string, unknown> } : {}),
      ...(hint !== undefined ? { hint } : {}),
      extraCost,
    };
  }
  // Checked here, where the value still is what the tool returned: a function or symbol would
  // otherwise fail to cross (or vanish in a JSON copy) instead of being reported where it is.
  const bad = findUnserializable(end.value);
  if (bad) return { ok: false, kind: "unserializable", ...bad, extraCost };
  return { ok: true, value: end.value, extraCost };
}

function jsonCopy(outcome: CallOutcome, cloneError: unknown): CallOutcome {
  try {
    if (outcome.ok)
      return { ...outcome, value: JSON.parse(JSON.stringify(outcome.value) ?? "null") };
  } catch {
    // fall through: reported below
  }
  return {
    ok: false,
    kind: "unserializable",
    pointer: "",
    reason: `the value cannot be copied out of the plugin host (${describeThrown(cloneError)})`,
    extraCost: outcome.extraCost,
  };
}

/** `value` if it can cross by structured clone, else its JSON copy, else undefined. */
function cloneable(value: unknown): unknown {
  try {
    structuredClone(value);
    return value;
  } catch {
    try {
      return JSON.parse(JSON.stringify(value) ?? "null");
    } catch {
      return undefined;
    }
  }
}
