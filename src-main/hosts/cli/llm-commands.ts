/**
 * `agentic llm models [--json]` and `agentic llm complete --model NAME [--simulate-failure]
 * [--json] PROMPT`, over the Workbench API: `models` is the UI's `llmOverview`; `complete` is an
 * `invoke` of `@llm/complete` (origin `cli`), so history and tracing see it like any invocation;
 * it prints the proxy's result shape.
 */
import { randomUUID } from "node:crypto";

import type {
  CompletionFailure,
  CompletionResult,
  LLMAttempt,
  LLMOverview,
  WorkbenchCalls,
} from "../../api/contract.ts";
import { EXIT, formatCost, formatMs, printError, printJson, table } from "./output.ts";

/** `agentic llm models`: groups, deployments, fallbacks, the mode and what answers. */
export async function llmModels(api: WorkbenchCalls, options: { json?: boolean }): Promise<number> {
  const overview = await api.llmOverview();
  if (options.json) {
    printJson(overview);
  } else {
    process.stdout.write(`${renderOverview(overview)}\n`);
  }
  // Said even with --json (on stderr): a workspace config was passed over for the app's own.
  if (overview.configNotice !== undefined)
    process.stderr.write(`warning: ${overview.configNotice}\n`);
  if (overview.configError !== undefined) {
    if (!options.json) printError(overview.configError, "pass another file with --llm-config FILE");
    return EXIT.usage;
  }
  return EXIT.ok;
}

/**
 * Whether --simulate-failure works here. In direct mode the workbench fails the first choice
 * itself, whatever the config says; only LiteLLM needs the config's permission.
 */
function simulatedFailures(o: LLMOverview): string {
  if (o.mode === "direct") return "--simulate-failure works (direct mode simulates it)";
  return o.config?.allowMockTestingParams
    ? "--simulate-failure works (allowed by the config)"
    : "--simulate-failure needs general_settings.dangerously_allow_mock_testing_request_params: true for LiteLLM";
}

function renderOverview(o: LLMOverview): string {
  const lines = [
    `mode: ${o.mode} — ${o.reason}`,
    `LiteLLM: ${o.litellm.baseUrl} ${o.litellm.reachable ? "answers" : "does not answer"}${o.litellm.hasApiKey ? " (LITELLM_API_KEY set)" : ""}`,
  ];
  if (!o.config) return lines.join("\n");
  lines.push(`config: ${o.config.path} (${o.config.source})`);
  lines.push(`retries per group: ${o.config.numRetries}; ${simulatedFailures(o)}`, "");
  const rows = o.config.groups.flatMap((group) =>
    group.deployments.map((d, i) => [
      i === 0 ? group.name : "",
      d.id,
      d.model,
      d.mockResponse !== undefined ? "(mock)" : (d.apiBase ?? "(provider default)"),
      o.reachability[d.id] ?? "unchecked",
      i === 0 ? group.fallbacks.join(" → ") || "—" : "",
    ]),
  );
  lines.push(
    table(["group", "deployment", "model", "api base", "reachable", "falls back to"], rows),
  );
  return lines.join("\n");
}

/** `agentic llm complete`: exit 0 answered, 1 every attempt failed, 2 bad usage or unknown group. */
export async function llmComplete(
  api: WorkbenchCalls,
  prompt: string,
  options: { model: string; simulateFailure?: boolean; json?: boolean },
): Promise<number> {
  const invocationId = randomUUID();
  const onSigint = () => void api.cancel(invocationId);
  process.once("SIGINT", onSigint);
  const invocation = await api
    .invoke({
      name: "@llm/complete",
      params: {
        prompt,
        model: options.model,
        ...(options.simulateFailure ? { simulateFailure: true } : {}),
      },
      invocationId,
      origin: "cli",
    })
    .finally(() => process.off("SIGINT", onSigint));

  // A registry failure before the proxy ran (VALIDATION_ERROR, TIMEOUT) keeps the registry's code.
  let result: CompletionResult | WithAnyCode<CompletionFailure>;
  if (invocation.ok) {
    result = invocation.value as CompletionResult;
  } else {
    const carried = invocation.error.details?.llm as CompletionFailure | undefined;
    // The mode in use, from the overview the UI reads.
    const mode = (await api.llmOverview()).mode;
    result = carried ?? {
      ok: false,
      mode,
      modelGroup: options.model,
      error: {
        code: invocation.error.code,
        message: invocation.error.message,
        attempts: [],
        ...(invocation.error.hint !== undefined ? { hint: invocation.error.hint } : {}),
      },
      latencyMs: invocation.durationMs,
    };
  }

  if (options.json) {
    printJson(result);
  } else if (result.ok) {
    process.stdout.write(`${result.text}\n`);
    const via =
      result.answeredBy === result.modelGroup
        ? `group ${result.modelGroup}`
        : `group ${result.answeredBy}, after ${result.modelGroup} failed (fallback)`;
    process.stderr.write(
      `✓ answered by ${result.deployment} (${result.model}; ${via}) — ${result.mode} mode\n` +
        `  retries ${result.attemptedRetries}, fallbacks ${result.attemptedFallbacks}, ` +
        `${result.usage.totalTokens} tokens, cost ${formatCost(result.cost)}, ${formatMs(result.latencyMs)}\n` +
        renderAttempts(result.attempts),
    );
  } else {
    printError(`${result.error.code}: ${result.error.message}`, result.error.hint);
    process.stderr.write(`  ${result.mode} mode\n${renderAttempts(result.error.attempts)}`);
  }
  if (result.ok) return EXIT.ok;
  const code = result.error.code;
  return code === "UNKNOWN_MODEL_GROUP" || code === "VALIDATION_ERROR" || code === "CONFIG_ERROR"
    ? EXIT.usage
    : EXIT.toolFailed;
}

type WithAnyCode<F extends CompletionFailure> = Omit<F, "error"> & {
  error: Omit<F["error"], "code"> & { code: string };
};

function renderAttempts(attempts: LLMAttempt[]): string {
  return attempts
    .map(
      (a, i) =>
        `  ${i + 1}. ${a.deployment} (${a.modelGroup}${a.model ? `, ${a.model}` : ""}${a.apiBase ? ` at ${a.apiBase}` : ""}): ${a.outcome}${a.error ? ` — ${a.error}` : ""}${a.ms !== null ? ` [${formatMs(a.ms)}]` : ""}\n`,
    )
    .join("");
}
