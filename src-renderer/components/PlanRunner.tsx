/**
 * What a user can do with `@llm/planner`'s plan: run it step by step — each step one ordinary
 * `invoke` (so history and traces record it), a step whose tool writes asked about first, as the
 * agent does — or hand it to the Agent view as the task.
 */
import { useRef, useState } from "react";
import type { InvokeResult, Plan, PlanStep } from "../../src-main/api/contract.ts";
import { useAgent } from "../lib/agent-store.ts";
import { formatCost, formatMs } from "../lib/format.ts";
import { useWorkbench } from "../lib/store.ts";
import { JsonValue } from "./JsonValue.tsx";
import { TraceLinks } from "./TraceLinks.tsx";
import "../agent.css";
import { ErrorView } from "./ErrorView.tsx";

/** Where one step is. */
type StepState =
  | { status: "waiting" | "asking" | "running" | "refused" }
  | { status: "skipped"; reason: string }
  | { status: "done"; result: InvokeResult };

/** Whether a value is the planner's result. */
export function isPlan(value: unknown): value is Plan {
  const v = value as Partial<Plan> | null;
  return (
    typeof v === "object" && v !== null && typeof v.task === "string" && Array.isArray(v.steps)
  );
}

/** The plan as the agent's task: what to do, and the steps the planner chose. */
export function planPrompt(plan: Plan): string {
  const steps = plan.steps.map((s) => {
    const tool = s.tool
      ? ` — ${s.tool} ${JSON.stringify(s.parameters ?? {})}${s.status === "ok" ? "" : ` (the planner flagged it: ${s.problem ?? s.status})`}`
      : "";
    return `${s.index}. ${s.description}${tool}`;
  });
  return [`Task: ${plan.task}`, "", "Follow this plan, using the tools it names:", ...steps].join(
    "\n",
  );
}

export function PlanRunner({ plan }: { plan: Plan }) {
  const api = useWorkbench((s) => s.api);
  const tools = useWorkbench((s) => s.tools);
  const [states, setStates] = useState<StepState[] | undefined>();
  const [going, setGoing] = useState(false);
  const stopped = useRef(false);
  const current = useRef<{ invocationId?: string; answer?: (ok: boolean) => void }>({});

  // A tool no longer listed is asked about too: nothing unapproved runs.
  const writes = (tool: string) => tools.find((t) => t.name === tool)?.needsApproval ?? true;

  const runAll = async () => {
    if (!api || going) return;
    stopped.current = false;
    setGoing(true);
    const next: StepState[] = plan.steps.map(() => ({ status: "waiting" }));
    const show = (i: number, state: StepState) => {
      next[i] = state;
      setStates([...next]);
    };
    setStates([...next]);
    for (const [i, step] of plan.steps.entries()) {
      if (stopped.current) break;
      if (!step.tool || step.status !== "ok") {
        show(i, { status: "skipped", reason: skipReason(step) });
        continue;
      }
      if (writes(step.tool)) {
        show(i, { status: "asking" });
        const approved = await new Promise<boolean>((resolve) => {
          current.current = { answer: resolve };
        });
        if (!approved) {
          show(i, { status: "refused" });
          continue;
        }
      }
      const invocationId = crypto.randomUUID();
      current.current = { invocationId };
      show(i, { status: "running" });
      let result: InvokeResult;
      try {
        result = await api.invoke({
          name: step.tool,
          params: step.parameters ?? {},
          invocationId,
        });
      } catch (error) {
        result = {
          ok: false,
          invocationId,
          durationMs: 0,
          cost: 0,
          error: { code: "TOOL_ERROR", message: (error as Error).message },
        };
      }
      show(i, { status: "done", result });
      // Later steps build on this one: a failure ends the walk rather than running on blind.
      if (!result.ok) break;
    }
    current.current = {};
    setGoing(false);
  };

  const stop = () => {
    stopped.current = true;
    const { invocationId, answer } = current.current;
    answer?.(false);
    if (invocationId) void api?.cancel(invocationId);
  };

  const handToAgent = () => {
    useAgent.getState().preparePrompt(planPrompt(plan));
    useWorkbench.getState().setView("agent");
  };

  return (
    <section className="plan-runner" aria-label="Plan">
      <div className="actions">
        <button type="button" className="primary" disabled={going} onClick={() => void runAll()}>
          Run step by step
        </button>
        {going && (
          <button type="button" onClick={stop}>
            Stop
          </button>
        )}
        <button type="button" onClick={handToAgent}>
          Hand to agent
        </button>
      </div>
      <ol className="plan-steps" aria-label="Plan steps">
        {plan.steps.map((step, i) => (
          <PlanStepRow
            key={step.index}
            step={step}
            state={states?.[i]}
            writes={step.tool !== undefined && writes(step.tool)}
            onAnswer={(ok) => current.current.answer?.(ok)}
          />
        ))}
      </ol>
    </section>
  );
}

function skipReason(step: PlanStep): string {
  if (!step.tool) return "no tool fits this step";
  return step.problem ?? `the planner flagged it (${step.status})`;
}

function PlanStepRow({
  step,
  state,
  writes,
  onAnswer,
}: {
  step: PlanStep;
  state: StepState | undefined;
  writes: boolean;
  onAnswer: (ok: boolean) => void;
}) {
  const result = state?.status === "done" ? state.result : undefined;
  const failed = result !== undefined && !result.ok;
  return (
    <li className={`plan-step ${failed ? "failed" : ""}`} data-testid="plan-step">
      <div className="agent-step-head">
        <span>{step.description}</span>
        {step.tool && <code>{step.tool}</code>}
        {writes && <span className="badge writes">asks approval</span>}
        {state && (
          <span
            className={`status ${result ? (result.ok ? "ok" : "failed") : state.status === "refused" ? "failed" : "running"}`}
            data-testid="plan-step-status"
          >
            {result ? (result.ok ? "ok" : result.error.code) : state.status}
          </span>
        )}
        {result && (
          <span className="metric">
            {formatMs(result.durationMs)} · {formatCost(result.cost)}
          </span>
        )}
        {result?.traceId && <TraceLinks traceId={result.traceId} />}
      </div>
      {step.parameters && <JsonValue value={step.parameters} />}
      {state?.status === "skipped" && <p className="muted">skipped: {state.reason}</p>}
      {state?.status === "asking" && (
        <fieldset className="agent-approval" data-testid="plan-approval">
          <legend>
            Run <code>{step.tool}</code>? It writes.
          </legend>
          <div className="actions">
            {/* biome-ignore lint/a11y/noAutofocus: the walk waits on this question alone */}
            <button type="button" className="primary" autoFocus onClick={() => onAnswer(true)}>
              Approve
            </button>
            <button type="button" onClick={() => onAnswer(false)}>
              Refuse
            </button>
          </div>
        </fieldset>
      )}
      {result?.ok && <JsonValue value={result.value} />}
      {result && !result.ok && <ErrorView error={result.error} />}
    </li>
  );
}
