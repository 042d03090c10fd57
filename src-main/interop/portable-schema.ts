/** JSON Schemas from elsewhere (MCP servers, Zod) made fit for the registry's Ajv. */
import type { JsonSchema } from "../core/protocol.ts";

/**
 * Drops the top-level `$schema` (Ajv would look the dialect up and refuse 2020-12 or unknown
 * URIs; the keywords we get are the common draft-07 ones) and makes a missing `type` `object`.
 */
export function portableSchema(schema: unknown): JsonSchema {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
    return { type: "object" };
  }
  const { $schema: _dialect, ...rest } = schema as Record<string, unknown>;
  return rest.type === undefined && rest.anyOf === undefined && rest.oneOf === undefined
    ? { type: "object", ...rest }
    : rest;
}
