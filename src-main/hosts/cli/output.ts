/** Console output for the CLI: tables, JSON, and one-line errors with a hint. */

/** Exit codes: 0 success; 1 the tool ran and failed; 2 bad usage, unknown tool, bad parameters. */
export const EXIT = { ok: 0, toolFailed: 1, usage: 2 } as const;

/** A usage error the CLI reports on one line and exits 2 for. */
export class UsageError extends Error {
  readonly hint: string | undefined;
  constructor(message: string, hint?: string) {
    super(message);
    this.hint = hint;
  }
}

/** Prints `value` as pretty JSON on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Prints one error line to stderr: `error: message (hint: ...)`. */
export function printError(message: string, hint?: string): void {
  process.stderr.write(`error: ${message}${hint ? ` (hint: ${hint})` : ""}\n`);
}

/** Renders rows as aligned columns under a header. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "─".repeat(w))), ...rows.map(line)].join("\n");
}

/** `$0` for free tools, else up to 6 decimals. */
export function formatCost(usd: number): string {
  return usd === 0 ? "$0" : `$${Number(usd.toFixed(6))}`;
}

/** Milliseconds with a sensible precision. */
export function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(2)} ms` : `${Math.round(ms)} ms`;
}
