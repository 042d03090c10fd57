/**
 * The Agent view: a model uses the workbench's tools. The form (model group, tools offered,
 * prompts, limits, approval policy) starts a run through `agentRun`; the transcript follows it
 * live, asks inline before tools that write, and ends with the answer, costs and the trace.
 */
import { useEffect, useState } from "react";
import type { ApprovalPolicy } from "../../src-main/api/contract.ts";
import { isRunning, useAgent } from "../lib/agent-store.ts";
import { useWorkbench } from "../lib/store.ts";
import { AgentToolPicker } from "./AgentToolPicker.tsx";
import { AgentTranscript } from "./AgentTranscript.tsx";
import "../agent.css";

const POLICIES: { value: ApprovalPolicy; label: string }[] = [
  { value: "readonly", label: "ask before tools that write" },
  { value: "all", label: "run every tool without asking" },
  { value: "none", label: "refuse tools that write" },
];

export function AgentView() {
  const api = useWorkbench((s) => s.api);
  const tools = useWorkbench((s) => s.tools);
  const form = useAgent((s) => s.form);
  const run = useAgent((s) => s.run);
  const { setForm, start } = useAgent.getState();
  const [groups, setGroups] = useState<string[] | undefined>();
  const [groupsError, setGroupsError] = useState<string | undefined>();

  useEffect(() => {
    if (!api) return;
    api
      .llmOverview(false)
      .then((overview) => {
        const names = overview.config?.groups.map((g) => g.name) ?? [];
        setGroups(names);
        setGroupsError(overview.config ? undefined : overview.configError);
        const current = useAgent.getState().form.modelGroup;
        if (!names.includes(current)) setForm({ modelGroup: names[0] ?? "" });
      })
      .catch((e: Error) => setGroupsError(e.message));
  }, [api, setForm]);

  const going = isRunning(run);
  const offered = tools.filter((t) => !form.toolsOff.includes(t.name)).length;
  const blocker = !form.modelGroup
    ? "No model group: configure one in litellm_config.yaml (see the LLM view)."
    : !form.prompt.trim()
      ? "Say what the agent should do."
      : offered === 0
        ? "Tick at least one tool."
        : undefined;
  const submit = () => {
    if (!going && !blocker) void start(tools.map((t) => t.name));
  };

  return (
    <main className="agent-view" aria-label="Agent">
      <form
        className="agent-form"
        aria-label="Agent run"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <h2>Agent</h2>
        <label>
          Model group
          <select
            aria-label="Model group"
            value={form.modelGroup}
            onChange={(e) => setForm({ modelGroup: e.target.value })}
            disabled={going}
          >
            {(groups ?? []).map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </select>
        </label>
        {groupsError && (
          <p className="error-message">The LLM config could not be read: {groupsError}</p>
        )}
        <AgentToolPicker
          tools={tools}
          off={form.toolsOff}
          onChange={(toolsOff) => setForm({ toolsOff })}
          disabled={going}
        />
        <label>
          System prompt
          <textarea
            aria-label="System prompt"
            rows={2}
            placeholder="optional"
            value={form.system}
            onChange={(e) => setForm({ system: e.target.value })}
            disabled={going}
          />
        </label>
        <label>
          Prompt
          <textarea
            aria-label="Prompt"
            rows={5}
            value={form.prompt}
            placeholder="What should the agent do?"
            onChange={(e) => setForm({ prompt: e.target.value })}
            onKeyDown={(e) => {
              if ((e.ctrlKey || e.metaKey) && e.key === "Enter") {
                e.preventDefault();
                submit();
              }
            }}
            disabled={going}
          />
        </label>
        <div className="agent-limits">
          <label>
            Max steps
            <input
              aria-label="Max steps"
              type="number"
              min={1}
              step={1}
              value={form.maxSteps}
              onChange={(e) => setForm({ maxSteps: e.target.value })}
              disabled={going}
            />
          </label>
          <label>
            Max cost (USD)
            <input
              aria-label="Max cost (USD)"
              type="number"
              min={0}
              step={0.01}
              placeholder="no limit"
              value={form.maxCostUsd}
              onChange={(e) => setForm({ maxCostUsd: e.target.value })}
              disabled={going}
            />
          </label>
        </div>
        <label>
          Approval policy
          <select
            aria-label="Approval policy"
            value={form.approval}
            onChange={(e) => setForm({ approval: e.target.value as ApprovalPolicy })}
            disabled={going}
          >
            {POLICIES.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <label
          className="inline"
          title="Proxy mode: LiteLLM's mock_testing_fallbacks; direct mode: the first deployment is skipped as failed"
        >
          <input
            type="checkbox"
            checked={form.simulateFailure}
            onChange={(e) => setForm({ simulateFailure: e.target.checked })}
            disabled={going}
          />
          simulate a failure of the first choice
        </label>
        <div className="actions">
          <button type="submit" className="primary" disabled={going || blocker !== undefined}>
            Run <kbd>Ctrl+Enter</kbd>
          </button>
          {blocker && !going && <span className="muted">{blocker}</span>}
        </div>
      </form>
      {run ? (
        <AgentTranscript run={run} />
      ) : (
        <section className="agent-run empty-result" aria-label="Run">
          Run the agent to follow its steps here: each model call, each tool call, and a question
          before any tool that writes.
        </section>
      )}
    </main>
  );
}
