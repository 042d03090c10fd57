/**
 * `@llm/planner`: the seed's SimplePlanner as a tool. It shows the model the registered tools,
 * asks for a JSON plan, and checks every step against the registry: a step naming an unknown tool
 * is flagged `unknown_tool` (with did-you-mean suggestions), parameters are checked with the
 * registry's own validation (schema + the tool's validateParams) and flagged `invalid_parameters`.
 */
import { defineTool } from "../core/define-tool.ts";
import { ToolError } from "../core/errors.ts";
import type { ParamProblem, ToolMetadata, ToolProtocol } from "../core/protocol.ts";
import { suggestNames } from "../core/suggestions.ts";
import { completionError, llmServiceOf } from "./complete-tool.ts";
import type { LLMAttempt, LLMMode, LLMUsage } from "./types.ts";

/** What the planner needs of the registry (ToolRegistry satisfies it). */
export interface ToolCatalog {
  list(): readonly { metadata: ToolMetadata }[];
  validateParams(name: string, params: unknown): Promise<ParamProblem[] | undefined>;
}

/** How a step checked out against the registry. */
export type PlanStepStatus = "ok" | "no_tool" | "unknown_tool" | "invalid_parameters";

/** One step of a plan. */
export interface PlanStep {
  /** 1-based position. */
  index: number;
  description: string;
  /** The tool the step invokes; absent for a step no tool fits. */
  tool?: string;
  parameters?: Record<string, unknown>;
  status: PlanStepStatus;
  /** Why a step was flagged, for a person. */
  problem?: string;
  /** The parameter problems the registry found (invalid_parameters). */
  problems?: ParamProblem[];
  /** Registered names close to an unknown one. */
  suggestions?: string[];
}

/** The planner's result. */
export interface Plan {
  task: string;
  steps: PlanStep[];
  /** True when every step names a registered tool with valid parameters, or no tool. */
  valid: boolean;
  mode: LLMMode;
  modelGroup: string;
  deployment: string;
  attempts: LLMAttempt[];
  usage: LLMUsage;
  cost: number;
  latencyMs: number;
}

/** At most this many tools are shown to the model; the prompt must stay small. */
const MAX_TOOLS_IN_PROMPT = 80;
const MAX_SCHEMA_CHARS = 600;

/** Builds the planner over a catalog of tools (the app's registry). */
export function createPlannerTool(catalog: ToolCatalog): ToolProtocol {
  return defineTool({
    name: "@llm/planner",
    description:
      "Breaks a task into ordered steps, each naming a registered tool and its parameters where one fits; every step is checked against the registry.",
    deterministic: false,
    costPerInvocation: 0,
    version: "1.0.0",
    tags: ["llm", "planning"],
    timeoutMs: 600_000,
    annotations: { readOnly: true, destructive: false },
    parametersSchema: {
      type: "object",
      properties: {
        task: { type: "string", minLength: 1, description: "What should be done." },
        context: {
          description: "Anything the planner should know: text or a JSON object.",
          anyOf: [{ type: "string" }, { type: "object" }],
        },
        model: {
          type: "string",
          minLength: 1,
          default: "main",
          description: "The model group to plan with.",
        },
        maxSteps: { type: "integer", minimum: 1, maximum: 50, default: 10 },
      },
      required: ["task"],
      additionalProperties: false,
    },
    async invoke(params, ctx) {
      const llm = llmServiceOf(ctx);
      const maxSteps = params.maxSteps ?? 10;
      const tools = catalog
        .list()
        .map((t) => t.metadata)
        .filter((m) => !m.name.startsWith("@llm/"));
      const result = await llm.complete({
        modelGroup: params.model ?? "main",
        system: systemPrompt(tools, maxSteps),
        prompt: userPrompt(params.task, params.context),
        json: true,
        temperature: 0,
        signal: ctx.signal,
        caller: { toolName: ctx.toolName, invocationId: ctx.invocationId },
      });
      if (!result.ok) throw completionError(result);
      ctx.addCost(result.cost);
      const raw = parsePlan(result.text);
      if (!raw) {
        throw new ToolError(
          `${result.modelGroup} (${result.deployment}) did not answer with a JSON plan`,
          {
            details: { answer: result.text.slice(0, 2000), deployment: result.deployment },
            hint: "try again, or plan with a stronger model group (model: main)",
          },
        );
      }
      const known = new Set(tools.map((t) => t.name));
      const steps = await Promise.all(
        raw.slice(0, maxSteps).map((step, i) => checkStep(step, i + 1, known, catalog)),
      );
      const plan: Plan = {
        task: params.task,
        steps,
        valid: steps.every((s) => s.status === "ok" || s.status === "no_tool"),
        mode: result.mode,
        modelGroup: result.modelGroup,
        deployment: result.deployment,
        attempts: result.attempts,
        usage: result.usage,
        cost: result.cost,
        latencyMs: result.latencyMs,
      };
      return plan;
    },
  }) as ToolProtocol;
}

function systemPrompt(tools: ToolMetadata[], maxSteps: number): string {
  const shown = tools.slice(0, MAX_TOOLS_IN_PROMPT).map((t) => {
    let schema = JSON.stringify(t.parametersSchema);
    if (schema.length > MAX_SCHEMA_CHARS) schema = `${schema.slice(0, MAX_SCHEMA_CHARS)}…`;
    return `- ${t.name}: ${t.description}\n  parameters (JSON Schema): ${schema}`;
  });
  return [
    "You are a planner. Break the user's task into at most",
    `${maxSteps} ordered steps. Where a registered tool fits a step, name it and give its`,
    "parameters as an object that satisfies its JSON Schema; where none fits, set tool to null.",
    "Never invent tool names. Answer with one JSON object and nothing else:",
    '{"steps": [{"description": "...", "tool": "@scope/name" or null, "parameters": {...} or null}]}',
    "",
    "Registered tools:",
    ...(shown.length > 0 ? shown : ["(none)"]),
  ].join("\n");
}

function userPrompt(task: string, context: unknown): string {
  if (context === undefined) return `Task: ${task}`;
  const text = typeof context === "string" ? context : JSON.stringify(context, null, 2);
  return `Task: ${task}\n\nContext:\n${text}`;
}

interface RawStep {
  description?: unknown;
  tool?: unknown;
  parameters?: unknown;
}

/** The steps of a JSON plan in the model's answer (fenced or bare, object or array), or null. */
export function parsePlan(text: string): RawStep[] | null {
  const unfenced = text.replace(/```(?:json)?/gi, "");
  const candidates = [unfenced.trim()];
  const open = unfenced.indexOf("{");
  const close = unfenced.lastIndexOf("}");
  if (open >= 0 && close > open) candidates.push(unfenced.slice(open, close + 1));
  const openArray = unfenced.indexOf("[");
  const closeArray = unfenced.lastIndexOf("]");
  if (openArray >= 0 && closeArray > openArray)
    candidates.push(unfenced.slice(openArray, closeArray + 1));
  for (const candidate of candidates) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(candidate);
    } catch {
      continue;
    }
    const steps = Array.isArray(parsed) ? parsed : (parsed as { steps?: unknown } | null)?.steps;
    if (Array.isArray(steps)) {
      return steps.filter((s): s is RawStep => typeof s === "object" && s !== null);
    }
  }
  return null;
}

async function checkStep(
  raw: RawStep,
  index: number,
  known: ReadonlySet<string>,
  catalog: ToolCatalog,
): Promise<PlanStep> {
  const description =
    typeof raw.description === "string" && raw.description.trim() !== ""
      ? raw.description.trim()
      : `step ${index}`;
  const tool = typeof raw.tool === "string" && raw.tool.trim() !== "" ? raw.tool.trim() : undefined;
  const parameters =
    typeof raw.parameters === "object" && raw.parameters !== null && !Array.isArray(raw.parameters)
      ? (raw.parameters as Record<string, unknown>)
      : undefined;
  if (!tool) return { index, description, status: "no_tool" };
  const base = { index, description, tool, ...(parameters ? { parameters } : {}) };
  if (!known.has(tool)) {
    const suggestions = suggestNames(tool, known);
    return {
      ...base,
      status: "unknown_tool",
      problem: `no registered tool is named ${tool}${suggestions.length > 0 ? ` (did you mean ${suggestions.join(", ")}?)` : ""}`,
      ...(suggestions.length > 0 ? { suggestions } : {}),
    };
  }
  const problems = (await catalog.validateParams(tool, parameters ?? {})) ?? [];
  if (problems.length > 0) {
    return {
      ...base,
      status: "invalid_parameters",
      problem: `parameters for ${tool} are invalid: ${problems.map((p) => `${p.pointer || "/"} ${p.message}`).join("; ")}`,
      problems,
    };
  }
  return { ...base, status: "ok" };
}
