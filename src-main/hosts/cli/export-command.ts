/** `agentic tools export --format openai|anthropic|mcp [--json]`: function definitions. */
import type { Workbench } from "../../api/workbench.ts";
import { EXPORT_FORMATS, type ExportFormat, exportTools } from "../../interop/tool-export.ts";
import { printJson, UsageError } from "./output.ts";

/**
 * Prints the definitions as a JSON array (what the API's `tools` field takes); with `--json`, an
 * object `{ format, tools, names }` whose `names` maps each external name back to ours.
 */
export function exportToolDefinitions(
  workbench: Workbench,
  options: { format?: string; json?: boolean; scope?: string; search?: string },
): void {
  const format = options.format as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) {
    throw new UsageError(
      `--format must be one of ${EXPORT_FORMATS.join(", ")}, got ${JSON.stringify(options.format)}`,
    );
  }
  const tools = workbench.registry.list({
    ...(options.scope ? { scope: options.scope } : {}),
    ...(options.search ? { search: options.search } : {}),
  });
  const exported = exportTools(tools, format);
  printJson(options.json ? exported : exported.tools);
}
