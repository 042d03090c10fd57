/**
 * `agentic invoke NAME (--params JSON | --params-file FILE) [--json] [--timeout MS]`, over the
 * Workbench API: the same `invoke` (and `cancel`, and progress events) the UI uses.
 */
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { ErrorCode } from "../../api/contract.ts";
import type { WorkbenchService } from "../../api/workbench-service.ts";
import { EXIT, formatCost, formatMs, printError, printJson, UsageError } from "./output.ts";

/** Codes that mean the caller asked wrongly (exit 2) rather than the tool failing (exit 1). */
const USAGE_CODES: ReadonlySet<ErrorCode> = new Set(["NOT_FOUND", "VALIDATION_ERROR"]);

export async function invokeTool(
  service: WorkbenchService,
  name: string,
  options: { params?: string; paramsFile?: string; json?: boolean; timeout?: string },
): Promise<number> {
  const params = await readParams(options);
  let timeoutMs: number | undefined;
  if (options.timeout !== undefined) {
    timeoutMs = Number(options.timeout);
    if (!Number.isInteger(timeoutMs) || timeoutMs < 0) {
      throw new UsageError(
        `--timeout must be a whole number of milliseconds, got ${JSON.stringify(options.timeout)}`,
      );
    }
  }
  const invocationId = randomUUID();
  const onSigint = () => void service.calls.cancel(invocationId);
  process.once("SIGINT", onSigint);
  const stopProgress = options.json
    ? undefined
    : service.subscribe((event) => {
        if (event.type !== "invocation-progress" || event.invocationId !== invocationId) return;
        const u = event.update;
        process.stderr.write(
          `… ${u.message ?? ""} ${u.total ? `${u.progress}/${u.total}` : u.progress}\n`,
        );
      });
  const result = await service.calls
    .invoke({
      name,
      params,
      invocationId,
      origin: "cli",
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    })
    .finally(() => {
      process.off("SIGINT", onSigint);
      stopProgress?.();
    });
  if (options.json) {
    printJson({ tool: name, ...result });
  } else if (result.ok) {
    const text =
      typeof result.value === "string" ? result.value : JSON.stringify(result.value, null, 2);
    process.stdout.write(`${text}\n`);
    process.stderr.write(
      `✓ ${name} in ${formatMs(result.durationMs)}, cost ${formatCost(result.cost)}\n`,
    );
  } else {
    printError(`${result.error.code}: ${result.error.message}`, result.error.hint);
  }
  if (!options.json) {
    for (const warning of result.warnings ?? []) process.stderr.write(`warning: ${warning}\n`);
  }
  if (result.ok) return EXIT.ok;
  return USAGE_CODES.has(result.error.code) ? EXIT.usage : EXIT.toolFailed;
}

async function readParams(options: { params?: string; paramsFile?: string }): Promise<unknown> {
  if (options.params !== undefined && options.paramsFile !== undefined) {
    throw new UsageError("pass either --params or --params-file, not both");
  }
  let text = options.params;
  let from = "--params";
  if (options.paramsFile !== undefined) {
    from = `--params-file ${options.paramsFile}`;
    try {
      text = await readFile(options.paramsFile, "utf8");
    } catch (error) {
      throw new UsageError(`cannot read ${from}: ${(error as Error).message}`);
    }
  }
  if (text === undefined) return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `${from} is not valid JSON: ${(error as Error).message}`,
      `quote the JSON for your shell, e.g. --params '{"a":1}'`,
    );
  }
}
