/**
 * The context a tool receives. A class with lazy members rather than an object of closures: it is
 * built on every invocation, and most tools never touch the signal or the logger, so neither is
 * created until read (an AbortController alone costs about a microsecond).
 */
import type { Logger } from "./logger.ts";
import type { ProgressUpdate, ToolContext } from "./protocol.ts";

export class InvocationContext implements ToolContext {
  /** Cost added by the tool on top of its costPerInvocation. */
  extraCost = 0;
  private controller: AbortController | undefined;
  private stopReason: unknown;
  private scopedLogger: Logger | undefined;

  constructor(
    readonly toolName: string,
    readonly invocationId: string,
    readonly workspaceRoot: string,
    readonly services: Readonly<Record<string, unknown>>,
    private readonly baseLogger: Logger,
    private readonly onProgress: ((update: ProgressUpdate) => void) | undefined,
  ) {}

  get signal(): AbortSignal {
    this.controller ??= new AbortController();
    if (this.stopReason !== undefined && !this.controller.signal.aborted)
      this.controller.abort(this.stopReason);
    return this.controller.signal;
  }

  get logger(): Logger {
    this.scopedLogger ??= this.baseLogger.child({
      tool: this.toolName,
      invocationId: this.invocationId,
    });
    return this.scopedLogger;
  }

  /** Whether the invocation was stopped (timeout or cancellation). */
  get stopped(): boolean {
    return this.stopReason !== undefined;
  }

  progress(update: ProgressUpdate): void {
    this.onProgress?.(update);
  }

  addCost(usd: number): void {
    if (Number.isFinite(usd) && usd > 0) this.extraCost += usd;
  }

  /** Aborts the signal (now, or when first read) with `reason`. */
  stop(reason: unknown): void {
    this.stopReason = reason ?? new Error("stopped");
    this.controller?.abort(this.stopReason);
  }
}
