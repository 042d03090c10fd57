// A TypeScript plugin, loaded without a build step. defineTool infers `params` from the schema:
// here `{ timeZone?: string; locale?: string }`.
import { defineTool, ToolError } from "agentic-workbench";

export const timeNow = defineTool({
  name: "@time/now",
  description: "The current date and time, as ISO 8601 and formatted for a time zone and locale.",
  deterministic: false,
  costPerInvocation: 0,
  version: "1.0.0",
  tags: ["time", "example"],
  annotations: { readOnly: true },
  parametersSchema: {
    type: "object",
    properties: {
      timeZone: { type: "string", description: "IANA time zone, e.g. Europe/Paris. Default: UTC." },
      locale: {
        type: "string",
        description: "BCP 47 locale for the formatted text. Default: en-GB.",
      },
    },
    additionalProperties: false,
  },
  invoke(params) {
    const timeZone = params.timeZone ?? "UTC";
    const now = new Date();
    let formatted: string;
    try {
      formatted = new Intl.DateTimeFormat(params.locale ?? "en-GB", {
        dateStyle: "full",
        timeStyle: "long",
        timeZone,
      }).format(now);
    } catch {
      throw new ToolError(
        `unknown time zone or locale: ${timeZone} / ${params.locale ?? "en-GB"}`,
        {
          details: { field: "/timeZone" },
          hint: "use an IANA zone such as Europe/Paris and a locale such as en-GB",
        },
      );
    }
    return { iso: now.toISOString(), epochMs: now.getTime(), timeZone, formatted };
  },
});
