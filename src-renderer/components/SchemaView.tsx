/** The parameter schema, readable: one row per property with its type, constraints and description. */
import type { JsonSchema } from "../../src-main/api/contract.ts";
import { constraintsOf, typeOf } from "../lib/schema-text.ts";

export function SchemaView({ schema }: { schema: JsonSchema }) {
  if (typeof schema !== "object" || schema === null)
    return <p className="muted">Accepts {String(schema)}.</p>;
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const names = Object.keys(properties);
  return (
    <details className="schema-view">
      <summary>
        Parameter schema ({names.length} field{names.length === 1 ? "" : "s"})
      </summary>
      <table>
        <thead>
          <tr>
            <th>field</th>
            <th>type</th>
            <th>constraints</th>
            <th>description</th>
          </tr>
        </thead>
        <tbody>
          {names.map((name) => {
            const prop = properties[name] ?? {};
            return (
              <tr key={name}>
                <td>
                  <code>{name}</code>
                  {required.has(name) && (
                    <span className="required" title="required">
                      *
                    </span>
                  )}
                </td>
                <td>
                  <code>{typeOf(prop)}</code>
                </td>
                <td>{constraintsOf(prop).join(", ")}</td>
                <td>{typeof prop.description === "string" ? prop.description : ""}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <pre className="schema-raw">{JSON.stringify(schema, null, 2)}</pre>
    </details>
  );
}
