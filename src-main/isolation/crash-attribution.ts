/**
 * Crash attribution: which plugin (and which of its calls or loads) took a plugin host session
 * down, and how to say what happened. Pure functions over what the session left behind.
 */
import { describeThrown } from "../core/errors.ts";
import type { HostSession } from "./host-session.ts";

/** What the main side knows of a call or load when its session goes down. */
export interface InFlight {
  readonly pluginId: string;
}

/** Why the main side ended a session itself (a hang past a timeout, a cancellation or a load). */
export interface Deliberate<C, L> {
  pluginId: string | undefined;
  message: string;
  call?: C;
  load?: L;
}

/** The plugin found guilty, with the call or load that was running when it happened. */
export interface Culprit<C, L> {
  pluginId?: string;
  call?: C;
  load?: L;
}

/** Everything attribution reads. */
export interface CrashScene<C extends InFlight, L extends InFlight> {
  /** The shared running slot: a call id, minus a load id, or 0 (see HostWorkerData.running). */
  runningId: number;
  deliberate: Deliberate<C, L> | undefined;
  /** The uncaught exception's stack, else the stack of the process.exit call. */
  stack: string;
  /** The session's calls by id. */
  calls: ReadonlyMap<number, C>;
  /** The session's loads by id; `begun`: the host had started importing it. */
  loads: ReadonlyMap<number, L & { begun: boolean }>;
  /** Ids of the plugins loaded in the session. */
  loadedIds: Iterable<string>;
}

/** Which plugin (and which call or load) took the session down, when it can be told. */
export function culpritOf<C extends InFlight, L extends InFlight>(
  scene: CrashScene<C, L>,
): Culprit<C, L> {
  const { runningId, deliberate, calls, loads } = scene;
  // The code running synchronously when it went down is the surest witness.
  if (runningId > 0) {
    const call = calls.get(runningId);
    if (call) return { pluginId: call.pluginId, call };
  } else if (runningId < 0) {
    const load = loads.get(-runningId);
    if (load) return { pluginId: load.pluginId, load };
  }
  if (deliberate) {
    return {
      pluginId: deliberate.pluginId,
      ...(deliberate.call ? { call: deliberate.call } : {}),
      ...(deliberate.load ? { load: deliberate.load } : {}),
    };
  }
  // Next, the stack of the exception or of the process.exit call names the plugin's file.
  const ids = [...scene.loadedIds, ...[...loads.values()].map((l) => l.pluginId)].sort(
    (a, b) => b.length - a.length,
  );
  const fromStack = ids.find((id) => scene.stack.includes(id));
  const beganLoads = [...loads.values()].filter((l) => l.begun);
  if (fromStack) {
    const load = beganLoads.find((l) => l.pluginId === fromStack);
    return { pluginId: fromStack, ...(load ? { load } : {}) };
  }
  // Last, the only plugin that had anything running.
  const inFlight = new Set([...calls.values()].map((c) => c.pluginId));
  if (inFlight.size === 1 && beganLoads.length === 0)
    return { pluginId: [...inFlight][0] as string };
  if (inFlight.size === 0 && beganLoads.length === 1) {
    const load = beganLoads[0] as L;
    return { pluginId: load.pluginId, load };
  }
  return {};
}

/**
 * The stack that names the plugin: an uncaught exception's own (Node then calls process.exit
 * itself, whose stack names no plugin), else that of a plugin's process.exit call.
 */
export function crashStack(lastError: Error | undefined, exitingStack: string | undefined): string {
  return lastError?.stack ?? exitingStack ?? "";
}

/** What took the session down, for messages: out of memory, an exception, process.exit. */
export function describeCrash(
  lastError: (Error & { code?: string }) | undefined,
  exitingCode: number | undefined,
  exitCode: number | undefined,
  memoryLimitMb: number | undefined,
): string {
  if (lastError?.code === "ERR_WORKER_OUT_OF_MEMORY") {
    return `it ran out of memory (the host's limit is ${memoryLimitMb ?? "default"} MB)`;
  }
  if (lastError) return `uncaught exception: ${describeThrown(lastError).split("\n")[0]}`;
  if (exitingCode !== undefined) return `it called process.exit(${exitingCode})`;
  return `the host exited unexpectedly (code ${exitCode})`;
}

/** Who took `session` down, why (a crash, or the main side's own ending of a hung host) and what. */
export function attribute<C extends InFlight, L extends InFlight>(
  session: HostSession,
  how: { deliberate?: Deliberate<C, L>; exitCode?: number },
  known: Pick<CrashScene<C, L>, "calls" | "loads" | "loadedIds"> & { memoryLimitMb?: number },
): { culprit: Culprit<C, L>; reason: "CRASHED" | "UNRESPONSIVE"; what: string } {
  const culprit = culpritOf({
    runningId: session.runningId,
    deliberate: how.deliberate,
    stack: crashStack(session.lastError, session.exiting?.stack),
    ...known,
  });
  const what =
    how.deliberate?.message ??
    describeCrash(session.lastError, session.exiting?.code, how.exitCode, known.memoryLimitMb);
  return { culprit, reason: how.deliberate ? "UNRESPONSIVE" : "CRASHED", what };
}
