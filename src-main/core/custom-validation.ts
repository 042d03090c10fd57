/**
 * A tool's own `validateParams`, run and read the same way in-process and in the plugin host.
 * The seed's tools return a boolean; ours return a list of problems; either may be async. What
 * comes back is read here, once, so every host gives the same answer for the same tool.
 */
import { describeThrown } from "./errors.ts";
import type { ParamProblem, ToolProtocol } from "./protocol.ts";
import { isThenable } from "./thenable.ts";

/** The verdict: problems (empty = fine), or the tool broke the contract and says so. */
export type CustomCheck =
  | { kind: "problems"; problems: ParamProblem[] }
  | { kind: "broken-contract"; message: string };

const FINE: CustomCheck = { kind: "problems", problems: [] };

/** What `validateParams` may return, said once for every message that needs it. */
export const VALIDATE_PARAMS_CONTRACT =
  "validateParams must return true or false, a list of problems ({ pointer, rule, message }), or nothing (sync or async)";

/** The problem reported when `validateParams` returns false. */
export const REFUSED_BY_VALIDATE_PARAMS: ParamProblem = {
  pointer: "",
  rule: "validateParams",
  message: "refused by the tool's own validateParams",
};

/**
 * Runs `tool.validateParams(params)`. Returns synchronously when the tool answered synchronously
 * (the common case stays free of an extra await), else a promise. Never throws.
 */
export function runCustomValidation(
  tool: ToolProtocol,
  params: unknown,
): CustomCheck | Promise<CustomCheck> {
  if (typeof tool.validateParams !== "function") return FINE;
  let returned: unknown;
  try {
    returned = tool.validateParams(params);
  } catch (thrown) {
    return threw(thrown);
  }
  if (isThenable(returned)) {
    return Promise.resolve(returned).then(interpretValidateParams, threw);
  }
  return interpretValidateParams(returned);
}

/** Reads what `validateParams` returned (already awaited). */
export function interpretValidateParams(returned: unknown): CustomCheck {
  if (returned === true || returned === undefined || returned === null) return FINE;
  if (returned === false) return { kind: "problems", problems: [REFUSED_BY_VALIDATE_PARAMS] };
  if (Array.isArray(returned)) {
    const bad = returned.findIndex((p) => !isProblem(p));
    if (bad === -1) {
      return {
        kind: "problems",
        problems: returned.map((p: ParamProblem) => ({
          pointer: p.pointer,
          rule: p.rule,
          message: p.message,
        })),
      };
    }
    return {
      kind: "broken-contract",
      message: `validateParams returned a list whose item ${bad} is ${describeValue(returned[bad])}, not a problem { pointer, rule, message }; ${VALIDATE_PARAMS_CONTRACT}`,
    };
  }
  return {
    kind: "broken-contract",
    message: `validateParams returned ${describeValue(returned)}; ${VALIDATE_PARAMS_CONTRACT}`,
  };
}

function threw(thrown: unknown): CustomCheck {
  return {
    kind: "problems",
    problems: [{ pointer: "", rule: "validateParams", message: describeThrown(thrown) }],
  };
}

function isProblem(value: unknown): value is ParamProblem {
  if (typeof value !== "object" || value === null) return false;
  const p = value as Record<string, unknown>;
  return (
    typeof p.pointer === "string" && typeof p.rule === "string" && typeof p.message === "string"
  );
}

/** `a number (42)`, `a string ("yes")`, `an object ({"ok":1})`: what a person needs to find it. */
function describeValue(value: unknown): string {
  let shown: string;
  try {
    shown = JSON.stringify(value) ?? String(value);
  } catch {
    shown = String(value);
  }
  if (shown.length > 80) shown = `${shown.slice(0, 77)}...`;
  const kind = Array.isArray(value) ? "array" : typeof value;
  const article = /^[aeiou]/.test(kind) ? "an" : "a";
  return `${article} ${kind} (${shown})`;
}
