/** Display helpers shared by the views. */

/** `$0` for free, else up to 6 decimals. */
export function formatCost(usd: number): string {
  return usd === 0 ? "$0" : `$${Number(usd.toFixed(6))}`;
}

/** Milliseconds with a precision that fits the size. */
export function formatMs(ms: number): string {
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** `file:/abs/plugins/x.ts` → `plugins/x.ts` when under the workspace; others unchanged. */
export function shortSource(source: string, roots: string[]): string {
  if (!source.startsWith("file:")) return source;
  const p = source.slice(5);
  for (const root of roots) {
    if (p.startsWith(`${root}/`)) return p.slice(root.length + 1);
  }
  return p.split("/").slice(-2).join("/");
}
