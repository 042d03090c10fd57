/** `defineTool`: author a tool once, with parameter types inferred from its JSON Schema. */
import type { FromSchema, JSONSchema } from "json-schema-to-ts";
import type { ToolContext, ToolMetadata, ToolProtocol, ValidateParamsReturn } from "./protocol.ts";

/**
 * The parameter type described by schema `S`. The conditional keeps the compiler from expanding
 * json-schema-to-ts's types while it is still inferring `S` (which otherwise overflows).
 */
export type ParamsOf<S> = S extends JSONSchema ? FromSchema<S> : never;

/** What `defineTool` takes: the metadata fields, flat, plus `invoke`. */
export type ToolDefinition<S, R> = Omit<ToolMetadata, "parametersSchema"> & {
  parametersSchema: S;
  invoke(params: ParamsOf<S>, ctx: ToolContext): R | Promise<R>;
  validateParams?(params: ParamsOf<S>): ValidateParamsReturn | Promise<ValidateParamsReturn>;
};

/**
 * Builds a tool from a flat definition. Write the schema inline (it is read as a constant) and
 * `invoke`'s `params` gets its type: `{ a: number; b?: string }` from `properties` + `required`.
 */
export function defineTool<const S, R>(
  definition: ToolDefinition<S, R>,
): ToolProtocol<ParamsOf<S>, R> {
  const { invoke, validateParams, ...metadata } = definition;
  const tool: ToolProtocol<ParamsOf<S>, R> = {
    metadata: metadata as ToolMetadata,
    invoke: (params, ctx) => invoke(params, ctx),
  };
  if (validateParams) tool.validateParams = (params) => validateParams(params);
  return tool;
}
