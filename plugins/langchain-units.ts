// A LangChain.js tool, made with @langchain/core's `tool()` and a Zod schema, offered as ours by
// fromLangChainTool: the registry validates its parameters against the JSON Schema converted from
// the Zod schema, and the same tool object still works in a LangChain agent.
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import { fromLangChainTool } from "../src-main/interop/langchain-tool.ts";

const FACTORS: Record<string, number> = {
  mm: 0.001,
  cm: 0.01,
  m: 1,
  km: 1000,
  in: 0.0254,
  ft: 0.3048,
  mi: 1609.344,
};
const LENGTH = ["mm", "cm", "m", "km", "in", "ft", "mi"] as const;
const TEMPERATURE = ["C", "F", "K"] as const;

// The LangChain tool itself. Not exported: it has `metadata` and `invoke`, so the loader would take
// it for one of ours; export what fromLangChainTool returns.
const convertUnits = tool(
  ({ value, from, to }) => {
    if (from in FACTORS && to in FACTORS) {
      return String((value * (FACTORS[from] as number)) / (FACTORS[to] as number));
    }
    const kelvin =
      from === "C" ? value + 273.15 : from === "F" ? ((value - 32) * 5) / 9 + 273.15 : value;
    const out =
      to === "C" ? kelvin - 273.15 : to === "F" ? ((kelvin - 273.15) * 9) / 5 + 32 : kelvin;
    return String(Math.round(out * 1e9) / 1e9);
  },
  {
    name: "convert_units",
    description:
      "Converts a length (mm, cm, m, km, in, ft, mi) or a temperature (C, F, K) to another unit.",
    schema: z
      .object({
        value: z.number().describe("The amount to convert."),
        from: z.enum([...LENGTH, ...TEMPERATURE]).describe("The unit of value."),
        to: z.enum([...LENGTH, ...TEMPERATURE]).describe("The unit wanted."),
      })
      .refine(
        (p) =>
          (LENGTH as readonly string[]).includes(p.from) ===
          (LENGTH as readonly string[]).includes(p.to),
        { message: "from and to must both be lengths or both temperatures" },
      ),
  },
);

export default fromLangChainTool(convertUnits, {
  name: "@langchain/convert-units",
  deterministic: true,
  version: "1.0.0",
  tags: ["langchain", "example", "units"],
  annotations: { readOnly: true },
});
