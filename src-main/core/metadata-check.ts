/** Checks a would-be tool's shape and metadata before it is registered. */
import { toolNameProblem } from "./names.ts";

/** Returns the problems with `candidate` as a tool (empty when it is one). */
export function toolShapeProblems(candidate: unknown): string[] {
  if (typeof candidate !== "object" || candidate === null) return ["a tool must be an object"];
  const tool = candidate as { metadata?: unknown; invoke?: unknown; validateParams?: unknown };
  const problems: string[] = [];
  if (typeof tool.invoke !== "function") problems.push("invoke must be a function");
  if (tool.validateParams !== undefined && typeof tool.validateParams !== "function") {
    problems.push("validateParams must be a function when present");
  }
  if (typeof tool.metadata !== "object" || tool.metadata === null) {
    problems.push("metadata must be an object");
    return problems;
  }
  return problems.concat(metadataProblems(tool.metadata as Record<string, unknown>));
}

function metadataProblems(m: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const nameProblem = toolNameProblem(m.name);
  if (nameProblem) problems.push(`name: ${nameProblem}`);
  if (typeof m.description !== "string" || m.description.trim() === "") {
    problems.push("description must be a non-empty string");
  }
  if (typeof m.deterministic !== "boolean") problems.push("deterministic must be true or false");
  if (
    typeof m.costPerInvocation !== "number" ||
    !Number.isFinite(m.costPerInvocation) ||
    m.costPerInvocation < 0
  ) {
    problems.push("costPerInvocation must be a number ≥ 0 (USD; 0 for local tools)");
  }
  if (
    typeof m.parametersSchema !== "boolean" &&
    (typeof m.parametersSchema !== "object" || m.parametersSchema === null)
  ) {
    problems.push("parametersSchema must be a JSON Schema object");
  }
  if (m.version !== undefined && typeof m.version !== "string") {
    problems.push("version must be a string");
  }
  if (
    m.timeoutMs !== undefined &&
    (typeof m.timeoutMs !== "number" || !Number.isFinite(m.timeoutMs) || m.timeoutMs < 0)
  ) {
    problems.push("timeoutMs must be a number ≥ 0 (0 = no timeout)");
  }
  if (
    m.tags !== undefined &&
    !(Array.isArray(m.tags) && m.tags.every((t) => typeof t === "string"))
  ) {
    problems.push("tags must be an array of strings");
  }
  if (m.annotations !== undefined) {
    const a = m.annotations as Record<string, unknown> | null;
    if (typeof a !== "object" || a === null) problems.push("annotations must be an object");
    else {
      for (const key of ["readOnly", "destructive"]) {
        if (a[key] !== undefined && typeof a[key] !== "boolean") {
          problems.push(`annotations.${key} must be true or false`);
        }
      }
    }
  }
  return problems;
}
