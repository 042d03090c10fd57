/**
 * An RJSF validator that compiles no code at run time, so it works under a Content-Security-Policy
 * without `unsafe-eval` (Ajv, which RJSF ships with, generates code). It interprets schemas with
 * @cfworker/json-schema. RJSF uses it to pick `anyOf`/`oneOf` options and fill defaults; the
 * parameters are validated for real on the main side, by the tool's own Ajv.
 */
import { type OutputUnit, type Schema, Validator } from "@cfworker/json-schema";
import {
  type RJSFSchema,
  type RJSFValidationError,
  toErrorSchema,
  type ValidatorType,
} from "@rjsf/utils";

const cache = new WeakMap<object, WeakMap<object, Validator>>();

function validatorFor(schema: RJSFSchema, rootSchema: RJSFSchema): Validator {
  let byRoot = cache.get(schema);
  if (!byRoot) {
    byRoot = new WeakMap();
    cache.set(schema, byRoot);
  }
  let validator = byRoot.get(rootSchema);
  if (!validator) {
    // Sub-schemas may `$ref` into the root's definitions: carry them along.
    const withDefinitions = {
      ...(rootSchema.definitions ? { definitions: rootSchema.definitions } : {}),
      ...((rootSchema as { $defs?: unknown }).$defs
        ? { $defs: (rootSchema as { $defs?: unknown }).$defs }
        : {}),
      ...schema,
    } as Schema;
    validator = new Validator(withDefinitions, "2020-12", false);
    byRoot.set(rootSchema, validator);
  }
  return validator;
}

/** Keeps the errors that point at a value, not the "properties"/"allOf" wrappers around them. */
function leafErrors(errors: OutputUnit[]): OutputUnit[] {
  const wrappers = new Set([
    "properties",
    "items",
    "allOf",
    "$ref",
    "additionalProperties",
    "prefixItems",
  ]);
  return errors.filter((e) => !wrappers.has(e.keyword));
}

function toRjsfError(unit: OutputUnit): RJSFValidationError {
  const segments = unit.instanceLocation
    .replace(/^#/, "")
    .split("/")
    .filter(Boolean)
    .map((s) => decodeURIComponent(s).replaceAll("~1", "/").replaceAll("~0", "~"));
  const property = segments.length ? `.${segments.join(".")}` : "";
  return {
    name: unit.keyword,
    property,
    message: unit.error,
    stack: `${property || "(root)"} ${unit.error}`,
    params: {},
  };
}

export const cspSafeValidator: ValidatorType = {
  validateFormData(formData, schema) {
    const result = validatorFor(schema, schema).validate(formData ?? {});
    const errors = result.valid ? [] : leafErrors(result.errors).map(toRjsfError);
    return { errors, errorSchema: toErrorSchema(errors) };
  },
  isValid(schema, formData, rootSchema) {
    try {
      return validatorFor(schema, rootSchema ?? schema).validate(formData).valid;
    } catch {
      return false;
    }
  },
  rawValidation(schema, formData) {
    try {
      const result = validatorFor(schema, schema).validate(formData);
      return { errors: result.valid ? [] : (result.errors as never[]) };
    } catch (error) {
      return { validationError: error as Error };
    }
  },
};

/** Default export, so it can stand in for `@rjsf/validator-ajv8` (see electron.vite.config.ts). */
export default cspSafeValidator;
