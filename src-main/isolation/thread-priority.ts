/**
 * Lowers the plugin host's scheduling priority, so that loading or running plugins never comes in
 * front of the main thread (the API, the UI's requests) or the user's browser. Linux sets a
 * niceness per thread: /proc/thread-self names this thread's id — read synchronously, once, at the
 * worker's start and on the worker's own thread (an asynchronous read would run on libuv's thread
 * pool and name one of its threads; biome.json lets this file do it). Elsewhere nothing changes.
 */
import { readlinkSync } from "node:fs";
import os from "node:os";

/** Niceness 10: still scheduled on an idle machine, behind everything else on a busy one. */
const PLUGIN_HOST_NICENESS = 10;

export function lowerThisThreadsPriority(): void {
  if (process.platform !== "linux") return;
  try {
    const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
    // Never raises it: a process started niced already stays as nice as it was.
    if (Number.isInteger(tid) && tid > 0) {
      os.setPriority(tid, Math.max(os.getPriority(tid), PLUGIN_HOST_NICENESS));
    }
  } catch {
    // No /proc, or not allowed: the host keeps its priority.
  }
}
