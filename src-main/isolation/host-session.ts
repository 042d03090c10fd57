/**
 * One life of the plugin host: a worker thread from its start to its exit. It starts the worker,
 * knows when it is ready, pings it to tell a hang from slowness, keeps what the worker said and
 * threw on its way down (for crash attribution) and keeps the process alive only while asked.
 */
import { type ResourceLimits, Worker } from "node:worker_threads";
import type { FromHost, HostWorkerData, ToHost } from "./host-messages.ts";

/** What a session reports to its owner. */
export interface SessionHandlers {
  /** Every message but those the session handles itself (ready, pong, exiting). */
  onMessage(session: HostSession, message: FromHost): void;
  onExit(session: HostSession, code: number): void;
}

/** How to start the worker. */
export interface SessionOptions {
  entry: string;
  workerData: Omit<HostWorkerData, "running">;
  resourceLimits: ResourceLimits;
}

/** A plugin host worker thread, from start to exit. */
export class HostSession {
  readonly worker: Worker;
  /** See HostWorkerData.running. */
  readonly running: Int32Array;
  readonly startedAt = Date.now();
  alive = true;
  ready = false;
  /** Resolves when the worker is ready; rejects if it goes before. */
  readonly readyPromise: Promise<void>;
  /** What the worker threw last (its uncaught exception, usually). */
  lastError: (Error & { code?: string }) | undefined;
  /** A plugin called process.exit: the code and where from. */
  exiting: { code: number; stack: string } | undefined;
  private onReady: () => void = () => {};
  private onFailedStart: (error: Error) => void = () => {};
  private probing: Promise<boolean> | undefined;
  private readonly pongs = new Map<number, () => void>();
  private nextPing = 1;
  private referenced = true; // a new Worker keeps the process alive until unref'd

  constructor(options: SessionOptions, handlers: SessionHandlers) {
    const shared = new SharedArrayBuffer(4);
    this.running = new Int32Array(shared);
    this.worker = new Worker(options.entry, {
      workerData: { ...options.workerData, running: shared } satisfies HostWorkerData,
      resourceLimits: options.resourceLimits,
      // The plugins' output shows in the app's own stdout/stderr, as it did in-process.
      stdout: false,
      stderr: false,
    });
    this.readyPromise = new Promise<void>((resolve, reject) => {
      this.onReady = resolve;
      this.onFailedStart = reject;
    });
    this.readyPromise.catch(() => undefined);
    this.worker.on("message", (message: FromHost) => {
      switch (message.t) {
        case "ready":
          this.ready = true;
          this.onReady();
          break;
        case "pong":
          this.pongs.get(message.n)?.();
          break;
        case "exiting":
          this.exiting = { code: message.code, stack: message.stack };
          break;
        default:
          handlers.onMessage(this, message);
      }
    });
    this.worker.on("error", (error) => {
      this.lastError = error;
    });
    this.worker.on("exit", (code) => handlers.onExit(this, code));
  }

  /** The code the host was running synchronously (a call id, minus a load id, or 0). */
  get runningId(): number {
    return Atomics.load(this.running, 0);
  }

  post(message: ToHost): void {
    this.worker.postMessage(message);
  }

  /** Ends a session that never became ready: whoever waits for it hears why. */
  failStart(error: Error): void {
    if (!this.ready) this.onFailedStart(error);
  }

  /** Whether the host answers a ping within `graceMs`. */
  probe(graceMs: number): Promise<boolean> {
    if (this.probing) return this.probing;
    const n = this.nextPing++;
    this.probing = new Promise<boolean>((resolve) => {
      const answered = (answers: boolean) => {
        clearTimeout(timer);
        this.pongs.delete(n);
        this.probing = undefined;
        resolve(answers);
      };
      const timer = setTimeout(() => answered(false), graceMs);
      timer.unref();
      this.pongs.set(n, () => answered(true));
      this.post({ t: "ping", n });
    });
    return this.probing;
  }

  /** Keeps the process alive while the host has work, and only then. */
  keepAlive(busy: boolean): void {
    if (!this.alive || busy === this.referenced) return;
    this.referenced = busy;
    if (busy) this.worker.ref();
    else this.worker.unref();
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}
