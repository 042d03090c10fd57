/**
 * The LLM panel — the fallback lab: which backend is used and why, the model groups with their
 * deployments and fallback chains from litellm_config.yaml, and a playground whose "simulate a
 * failure of the first choice" switch lets a user watch the fallback happen. Completions go
 * through `@llm/complete`, so history and traces record them like any invocation.
 */
import { useEffect, useState } from "react";
import type {
  CompletionFailure,
  CompletionSuccess,
  LLMAttempt,
  LLMModelGroup,
  LLMOverview,
} from "../../src-main/api/contract.ts";
import { formatCost, formatMs } from "../lib/format.ts";
import { langfuseTraceUrl, useWorkbench } from "../lib/store.ts";

type Answer =
  | { kind: "ok"; result: CompletionSuccess; traceId?: string }
  | { kind: "failed"; message: string; failure?: CompletionFailure; traceId?: string };

export function LlmView() {
  const api = useWorkbench((s) => s.api);
  const [overview, setOverview] = useState<LLMOverview | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [prompt, setPrompt] = useState("Say hello in five words.");
  const [group, setGroup] = useState("");
  const [simulate, setSimulate] = useState(false);
  const [system, setSystem] = useState("");
  // Text as typed; empty means the deployment's default.
  const [temperature, setTemperature] = useState("");
  const [maxTokens, setMaxTokens] = useState("");
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<Answer | undefined>();

  const load = async (refresh: boolean) => {
    if (!api) return;
    try {
      const next = await api.llmOverview(refresh);
      setOverview(next);
      setError(undefined);
      setGroup((current) => current || next.config?.groups[0]?.name || "");
    } catch (e) {
      setError((e as Error).message);
    }
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once per API connection
  useEffect(() => {
    void load(false);
  }, [api]);

  const send = async () => {
    if (!api || !group || busy) return;
    setBusy(true);
    setAnswer(undefined);
    const result = await api.invoke({
      name: "@llm/complete",
      params: {
        prompt,
        model: group,
        ...(system.trim() ? { system } : {}),
        ...(temperature.trim() ? { temperature: Number(temperature) } : {}),
        ...(maxTokens.trim() ? { maxTokens: Number(maxTokens) } : {}),
        ...(simulate ? { simulateFailure: true } : {}),
      },
      invocationId: crypto.randomUUID(),
    });
    setBusy(false);
    if (result.ok)
      setAnswer({
        kind: "ok",
        result: result.value as CompletionSuccess,
        ...(result.traceId ? { traceId: result.traceId } : {}),
      });
    else {
      const failure = (result.error.details as { llm?: CompletionFailure } | undefined)?.llm;
      setAnswer({
        kind: "failed",
        message: result.error.message,
        ...(failure ? { failure } : {}),
        ...(result.traceId ? { traceId: result.traceId } : {}),
      });
    }
  };

  if (error)
    return <main className="llm-view error-view">Cannot read the LLM backend: {error}</main>;
  if (!overview) return <main className="llm-view">Loading…</main>;
  return (
    <main className="llm-view" aria-label="LLM">
      <section className="backend" aria-label="Backend" data-testid="llm-backend">
        <span className={`mode-badge ${overview.mode}`} data-testid="llm-mode">
          {overview.mode === "proxy" ? "proxy mode (LiteLLM)" : "direct mode"}
        </span>
        <span className="muted">{overview.reason}</span>
        {/* In direct mode LiteLLM not answering is how things are, not a fault: information. */}
        <span
          className={`health-item ${overview.litellm.reachable ? "connected" : overview.mode === "direct" ? "info" : "failing"}`}
          data-testid="llm-litellm"
        >
          LiteLLM {overview.litellm.baseUrl}{" "}
          {overview.litellm.reachable ? "reachable" : "unreachable"}
        </span>
        <button type="button" onClick={() => void load(true)}>
          Re-check
        </button>
      </section>
      {overview.configNotice && (
        <p className="error-message" data-testid="llm-config-notice">
          {overview.configNotice}
        </p>
      )}
      {overview.config ? (
        <p className="muted">
          config <code>{overview.config.path}</code> ({overview.config.source}) · retries per group{" "}
          {overview.config.numRetries}
          {overview.mode === "proxy" &&
            !overview.config.allowMockTestingParams &&
            " · LiteLLM refuses simulated failures unless general_settings.dangerously_allow_mock_testing_request_params is true"}
        </p>
      ) : (
        <p className="error-message">The LLM config could not be read: {overview.configError}</p>
      )}
      <section className="groups" aria-label="Model groups">
        {overview.config?.groups.map((g) => (
          <GroupCard key={g.name} group={g} overview={overview} />
        ))}
      </section>
      <section className="playground" aria-label="Playground">
        <h2>Playground</h2>
        <textarea
          aria-label="System prompt"
          placeholder="System prompt (optional)"
          value={system}
          onChange={(e) => setSystem(e.target.value)}
          rows={2}
        />
        <textarea
          aria-label="Prompt"
          value={prompt}
          onChange={(e) => setPrompt(e.target.value)}
          rows={3}
        />
        <div className="playground-controls">
          <label>
            model group
            <select
              aria-label="Model group"
              value={group}
              onChange={(e) => setGroup(e.target.value)}
            >
              {overview.config?.groups.map((g) => (
                <option key={g.name} value={g.name}>
                  {g.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            temperature
            <input
              type="number"
              aria-label="Temperature"
              min={0}
              max={2}
              step={0.1}
              placeholder="default"
              value={temperature}
              onChange={(e) => setTemperature(e.target.value)}
            />
          </label>
          <label>
            max tokens
            <input
              type="number"
              aria-label="Max tokens"
              min={1}
              step={1}
              placeholder="default"
              value={maxTokens}
              onChange={(e) => setMaxTokens(e.target.value)}
            />
          </label>
          <label title="Proxy mode: LiteLLM's mock_testing_fallbacks; direct mode: the first deployment is skipped as failed">
            <input
              type="checkbox"
              checked={simulate}
              onChange={(e) => setSimulate(e.target.checked)}
            />
            simulate a failure of the first choice
          </label>
          <button
            type="button"
            className="primary"
            disabled={busy || !group || !prompt.trim()}
            onClick={() => void send()}
          >
            {busy ? "Asking…" : "Send"}
          </button>
        </div>
        {answer && <AnswerView answer={answer} />}
      </section>
    </main>
  );
}

function GroupCard({ group, overview }: { group: LLMModelGroup; overview: LLMOverview }) {
  return (
    <div className="group-card" data-testid={`group-${group.name}`}>
      <div className="group-title">
        <strong>{group.name}</strong>
        {group.fallbacks.length > 0 && (
          <span className="chain" data-testid={`chain-${group.name}`}>
            {[group.name, ...group.fallbacks].join(" → ")}
          </span>
        )}
      </div>
      <ul className="deployments">
        {group.deployments.map((d) => (
          <li key={d.id}>
            <code>{d.id}</code> <span className="muted">{d.model}</span>{" "}
            {d.apiBase && <code className="muted">{d.apiBase}</code>}
            <span className={`badge reach-${overview.reachability[d.id] ?? "unchecked"}`}>
              {overview.reachability[d.id] ?? "unchecked"}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function AnswerView({ answer }: { answer: Answer }) {
  const status = useWorkbench((s) => s.tracingStatus);
  const attempts =
    answer.kind === "ok" ? answer.result.attempts : (answer.failure?.error.attempts ?? []);
  const link = answer.traceId ? langfuseTraceUrl(status, answer.traceId) : undefined;
  return (
    <div className={`answer ${answer.kind}`} data-testid="llm-answer">
      {answer.kind === "ok" ? (
        <>
          <pre className="value-text" data-testid="llm-text">
            {answer.result.text}
          </pre>
          <p data-testid="llm-answered-by">
            answered by <code>{answer.result.deployment}</code> ({answer.result.model}) of group{" "}
            <strong>{answer.result.answeredBy}</strong>
            {answer.result.answeredBy !== answer.result.modelGroup && (
              <span className="fallback-note"> — fell back from {answer.result.modelGroup}</span>
            )}
          </p>
          <p className="metric" data-testid="llm-summary">
            {formatMs(answer.result.latencyMs)} · cost {formatCost(answer.result.cost)} ·{" "}
            {plural(answer.result.attemptedRetries, "retry", "retries")} ·{" "}
            {plural(answer.result.attemptedFallbacks, "fallback", "fallbacks")} ·{" "}
            {answer.result.usage.totalTokens} tokens · {answer.result.mode} mode
          </p>
        </>
      ) : (
        <p className="error-message" data-testid="llm-error">
          {answer.message}
        </p>
      )}
      <ol className="attempts" aria-label="Attempts" data-testid="llm-attempts">
        {attempts.map((a, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: attempts have no identity but their order
          <AttemptRow key={i} attempt={a} />
        ))}
      </ol>
      <p>
        {answer.traceId && (
          <button
            type="button"
            className="link"
            onClick={() => void useWorkbench.getState().selectTrace(answer.traceId as string)}
          >
            show trace
          </button>
        )}
        {link && (
          <a href={link} target="_blank" rel="noopener noreferrer">
            Open in Langfuse
          </a>
        )}
      </p>
    </div>
  );
}

function AttemptRow({ attempt: a }: { attempt: LLMAttempt }) {
  return (
    <li className={`attempt ${a.outcome === "ok" ? "ok" : "failed"}`}>
      <span className={`status ${a.outcome === "ok" ? "ok" : "failed"}`}>{a.outcome}</span>{" "}
      <code>{a.deployment}</code> <span className="muted">{a.modelGroup}</span>{" "}
      {(a.model || a.apiBase) && (
        <span className="muted" data-testid="attempt-target">
          {[a.model, a.apiBase && `at ${a.apiBase}`].filter(Boolean).join(" ")}{" "}
        </span>
      )}
      <span className="metric">{a.ms === null ? "—" : formatMs(a.ms)}</span>
      {a.error && <span className="muted"> {a.error}</span>}
    </li>
  );
}

/** `1 retry`, `2 retries`. */
function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
