// A JavaScript plugin with no imports at all: a tool is a plain object with metadata and invoke.
export default {
  metadata: {
    name: "@text/word-count",
    description: "Counts the words, lines and characters of a text.",
    deterministic: true,
    costPerInvocation: 0,
    version: "1.0.0",
    tags: ["text", "example"],
    annotations: { readOnly: true },
    parametersSchema: {
      type: "object",
      properties: {
        text: { type: "string", description: "The text to count." },
      },
      required: ["text"],
      additionalProperties: false,
    },
  },
  invoke({ text }) {
    const words = text.trim() === "" ? 0 : text.trim().split(/\s+/u).length;
    return {
      words,
      lines: text === "" ? 0 : text.split(/\r?\n/).length,
      characters: [...text].length,
    };
  },
};
