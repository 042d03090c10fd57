/**
 * JSON Schema validation with Ajv: each tool's schema is checked against the meta-schema at
 * registration and compiled on first use, and failures come back as one problem per field with
 * its JSON pointer and the rule it broke.
 *
 * Ajv itself is loaded on the first compile, not with this module: a command that only lists
 * tools never validates parameters, and loading Ajv plus compiling the meta-schema was a third of
 * such a command's start. The meta-schema check is Ajv's own code for it, generated ahead of time
 * (meta-schema-check.generated.ts).
 */
import { createRequire } from "node:module";
import type { Ajv, ErrorObject, ValidateFunction } from "ajv";
import generatedCheck from "./meta-schema-check.generated.ts";
import type { JsonSchema, ParamProblem } from "./protocol.ts";

type AjvModule = typeof import("ajv");

/** Ajv's standalone validator of draft-07's meta-schema; it leaves its findings in `.errors`. */
const checkAgainstMetaSchema = generatedCheck as ((schema: unknown) => boolean) & {
  errors?: ErrorObject[] | null;
};
type AddFormats = (ajv: Ajv) => Ajv;

function newAjv(): Ajv {
  const load = createRequire(import.meta.url);
  const { Ajv: AjvClass } = load("ajv") as AjvModule;
  // ajv-formats ships CommonJS; depending on the loader its function arrives wrapped in `default`.
  const formats = load("ajv-formats") as AddFormats | { default: AddFormats };
  const addFormats = typeof formats === "function" ? formats : formats.default;
  // strict: false accepts the annotation keywords real-world schemas carry (examples, x-*);
  // the meta-schema check ran at registration (validateSchema: false here, not twice).
  const ajv = new AjvClass({ allErrors: true, strict: false, validateSchema: false });
  addFormats(ajv);
  return ajv;
}

/** What the generated check leaves in `.errors`, as Ajv's errorsText words it. */
function metaSchemaProblems(errors: readonly ErrorObject[] | null | undefined): string {
  if (!errors?.length) return "schema is not valid JSON Schema";
  return errors.map((e) => `schema${e.instancePath} ${e.message}`).join(", ");
}

/** A compiled parameter check: returns the problems, empty when the parameters are valid. */
export type ParamsValidator = (params: unknown) => ParamProblem[];

/** Compiles schemas; one instance per registry so schemas never leak between registries. */
export class SchemaCompiler {
  private ajvInstance: Ajv | undefined;

  private get ajv(): Ajv {
    this.ajvInstance ??= newAjv();
    return this.ajvInstance;
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
    if (typeof schema !== "boolean" && !checkAgainstMetaSchema(schema)) {
      throw new Error(metaSchemaProblems(checkAgainstMetaSchema.errors));
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
