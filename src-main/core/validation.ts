/**
 * JSON Schema validation with Ajv: each tool's schema is compiled once, at registration, and
 * failures come back as one problem per field with its JSON pointer and the rule it broke.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import type { JsonSchema, ParamProblem } from "./protocol.ts";

// ajv-formats ships CommonJS; under NodeNext its default export arrives wrapped in `default`.
type AddFormats = (ajv: Ajv) => Ajv;
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ??
  (addFormatsModule as unknown as AddFormats);

/** A compiled parameter check: returns the problems, empty when the parameters are valid. */
export type ParamsValidator = (params: unknown) => ParamProblem[];

/** Compiles schemas; one instance per registry so schemas never leak between registries. */
export class SchemaCompiler {
  private readonly ajv: Ajv;

  constructor() {
    // strict: false accepts the annotation keywords real-world schemas carry (examples, x-*),
    // while the meta-schema check still refuses malformed ones (a wrong "type", say).
    this.ajv = new Ajv({ allErrors: true, strict: false, validateSchema: true });
    addFormats(this.ajv);
  }

  /**
   * Checks `schema` against JSON Schema's meta-schema now (throwing an Error naming what is wrong,
   * so a bad schema is still refused at registration) and compiles it on first use: compiling is
   * most of the cost of registering a tool (about 1 ms each; a thousand plugins waited a second
   * for validators nobody had called yet).
   */
  compile(schema: JsonSchema): ParamsValidator {
    if (typeof schema !== "boolean" && (typeof schema !== "object" || schema === null)) {
      throw new Error("parametersSchema must be a JSON Schema object");
    }
    if (!this.ajv.validateSchema(schema as object)) {
      throw new Error(this.ajv.errorsText(this.ajv.errors, { dataVar: "schema" }));
    }
    let compiled: ParamsValidator | undefined;
    return (params) => {
      compiled ??= this.compileNow(schema);
      return compiled(params);
    };
  }

  private compileNow(schema: JsonSchema): ParamsValidator {
    let validate: ValidateFunction;
    try {
      validate = this.ajv.compile(schema as object);
    } catch (error) {
      // What the meta-schema cannot see (a $ref to nowhere): every call says so.
      const message = `the tool's parametersSchema cannot be compiled: ${(error as Error).message}`;
      return () => [{ pointer: "", rule: "schema", message }];
    }
    return (params) => {
      try {
        return validate(params) ? [] : toProblems(validate.errors ?? []);
      } catch (error) {
        // Ajv compares values for enum, const and uniqueItems with fast-deep-equal, which calls
        // a value's own `valueOf`/`toString`: JSON such as {"valueOf": null} makes it throw.
        // Such parameters cannot be checked, so they are refused, never passed on unchecked.
        return [
          {
            pointer: "",
            rule: "uncheckable",
            message: `cannot be checked against the schema (${(error as Error).message}); a key such as "valueOf" or "toString" holding a non-function is the usual cause`,
          },
        ];
      }
    };
  }
}

/** Maps Ajv's errors to problems that point at the field concerned. */
export function toProblems(errors: readonly ErrorObject[]): ParamProblem[] {
  return errors.map((error) => {
    let pointer = error.instancePath;
    const params = error.params as Record<string, unknown>;
    if (error.keyword === "required" && typeof params.missingProperty === "string") {
      pointer = `${pointer}/${escapePointer(params.missingProperty)}`;
    } else if (
      error.keyword === "additionalProperties" &&
      typeof params.additionalProperty === "string"
    ) {
      pointer = `${pointer}/${escapePointer(params.additionalProperty)}`;
    }
    return { pointer, rule: error.keyword, message: describeAjvError(error) };
  });
}

function describeAjvError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return "is required";
    case "additionalProperties":
      return "is not an allowed property";
    case "enum":
      return `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    default:
      return error.message ?? error.keyword;
  }
}

function escapePointer(segment: string): string {
  return segment.replaceAll("~", "~0").replaceAll("/", "~1");
}

/** `/a/b` → `a.b` for people; the root is `(parameters)`. */
export function pointerLabel(pointer: string): string {
  if (pointer === "") return "(parameters)";
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"))
    .join(".");
}
