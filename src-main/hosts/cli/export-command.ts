/** `agentic tools export --format openai|anthropic|mcp [--json]`: function definitions. */
import { EXPORT_FORMATS } from "../../api/call-arguments.ts";
import type { ExportFormat, WorkbenchCalls } from "../../api/contract.ts";
import { printJson, UsageError } from "./output.ts";

/**
 * Prints the definitions as a JSON array (what the API's `tools` field takes); with `--json`, an
 * object `{ format, tools, names }` whose `names` maps each external name back to ours.
 */
export async function exportToolDefinitions(
  api: WorkbenchCalls,
  options: { format?: string; json?: boolean; scope?: string; search?: string },
): Promise<void> {
  const format = options.format as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) {
    throw new UsageError(
      `--format must be one of ${EXPORT_FORMATS.join(", ")}, got ${JSON.stringify(options.format)}`,
    );
  }
  const exported = await api.exportTools(format, {
    ...(options.scope ? { scope: options.scope } : {}),
    ...(options.search ? { search: options.search } : {}),
  });
  printJson(options.json ? exported : exported.tools);
}
