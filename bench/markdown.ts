/** Markdown for BENCHMARKS.md: numbers with a precision that fits their size, and tables. */

/** 0 decimals from 100, 1 from 10, else `digits`. */
export function num(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return String(value);
  return value.toFixed(Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : digits);
}

/** A markdown table: the header, its rule, the rows. */
export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}
