/** A logger that writes one line per entry to a stream (stderr by default). */
import type { Logger } from "./logger.ts";

type Level = "debug" | "info" | "warn" | "error";
const LEVELS: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Writes one line per entry to a stream (stderr by default), below `minLevel` dropped. */
export function createStreamLogger(
  options: {
    minLevel?: Level;
    write?: (line: string) => void;
    fields?: Record<string, unknown>;
  } = {},
): Logger {
  const minLevel = LEVELS[options.minLevel ?? "warn"];
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const base = options.fields ?? {};
  const log = (level: Level, message: string, fields?: Record<string, unknown>) => {
    if (LEVELS[level] < minLevel) return;
    const all = { ...base, ...fields };
    const suffix = Object.keys(all).length > 0 ? ` ${JSON.stringify(all)}` : "";
    write(`[${level}] ${message}${suffix}`);
  };
  return {
    debug: (m, f) => log("debug", m, f),
    info: (m, f) => log("info", m, f),
    warn: (m, f) => log("warn", m, f),
    error: (m, f) => log("error", m, f),
    child: (fields) => createStreamLogger({ ...options, fields: { ...base, ...fields } }),
  };
}
