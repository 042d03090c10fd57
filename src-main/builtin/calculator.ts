/** `@math/calculator`: the seed's four operations, with division by zero and overflow as errors. */
import { ToolError } from "../core/errors.ts";
import type { ToolMetadata, ToolProtocol } from "../core/protocol.ts";

type Operation = "add" | "subtract" | "multiply" | "divide";

/** Parameters of the calculator. */
export interface CalculatorParams {
  operation: Operation;
  a: number;
  b: number;
}

/** Written as a class to show (and test) the `implements ToolProtocol` style of the seed. */
export class CalculatorTool implements ToolProtocol<CalculatorParams, number> {
  readonly metadata: ToolMetadata = {
    name: "@math/calculator",
    description: "Adds, subtracts, multiplies or divides two numbers.",
    deterministic: true,
    costPerInvocation: 0,
    version: "1.0.0",
    tags: ["math"],
    annotations: { readOnly: true, destructive: false },
    parametersSchema: {
      type: "object",
      properties: {
        operation: {
          type: "string",
          enum: ["add", "subtract", "multiply", "divide"],
          description: "The operation to apply to a and b.",
        },
        a: { type: "number", description: "The first operand." },
        b: { type: "number", description: "The second operand." },
      },
      required: ["operation", "a", "b"],
      additionalProperties: false,
    },
    resultSchema: { type: "number" },
  };

  invoke({ operation, a, b }: CalculatorParams): number {
    if (operation === "divide" && b === 0) {
      throw new ToolError("division by zero: b must not be 0 when operation is divide", {
        details: { field: "/b" },
        hint: "pass a non-zero b",
      });
    }
    const value =
      operation === "add"
        ? a + b
        : operation === "subtract"
          ? a - b
          : operation === "multiply"
            ? a * b
            : a / b;
    if (!Number.isFinite(value)) {
      throw new ToolError(`the result of ${operation} is not a finite number (${value})`, {
        hint: "use smaller operands",
      });
    }
    return value;
  }
}
