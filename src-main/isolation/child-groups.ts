/**
 * On the main side: the process groups of the child processes plugins started (reported by the
 * plugin host, see child-tracking.ts). They end when the host goes down, restarts or closes, and
 * when this process exits, so a plugin's `sleep 1000` or server does not outlive the workbench.
 */

/** The process groups a plugin host's children lead. */
export class ChildGroups {
  private readonly groups = new Set<number>();
  private exitHook: (() => void) | undefined;

  /** Records a child's group (its pid: the child leads it). */
  add(pid: number): void {
    this.prune();
    this.groups.add(pid);
    if (!this.exitHook) {
      // process.exit runs no async cleanup; kill synchronously, without a grace period.
      this.exitHook = () => this.signalAll("SIGKILL");
      process.on("exit", this.exitHook);
    }
  }

  /** How many groups still have members. */
  get size(): number {
    this.prune();
    return this.groups.size;
  }

  /** SIGTERM every group, then SIGKILL what is left after `graceMs`. */
  async endAll(graceMs = 1_000): Promise<void> {
    if (this.groups.size === 0) return;
    this.signalAll("SIGTERM");
    const deadline = Date.now() + graceMs;
    while (this.size > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    this.signalAll("SIGKILL");
    this.groups.clear();
    if (this.exitHook) process.off("exit", this.exitHook);
    this.exitHook = undefined;
  }

  private signalAll(signal: NodeJS.Signals): void {
    for (const pgid of this.groups) {
      try {
        process.kill(-pgid, signal);
      } catch {
        this.groups.delete(pgid); // ESRCH: the group is gone
      }
    }
  }

  /** Forgets groups without members, so a reused id is never signalled. */
  private prune(): void {
    for (const pgid of this.groups) {
      try {
        process.kill(-pgid, 0);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ESRCH") this.groups.delete(pgid);
      }
    }
  }
}
