/** A run asked for something it cannot do (bad maxSteps, a tool pattern matching nothing). */
export class AgentInputError extends Error {
  readonly code = "VALIDATION_ERROR";
  /** The input field at fault, e.g. `maxSteps`. */
  readonly field: string;
  readonly hint: string | undefined;
  constructor(message: string, options: { field: string; hint?: string }) {
    super(message);
    this.name = "AgentInputError";
    this.field = options.field;
    this.hint = options.hint;
  }
}
