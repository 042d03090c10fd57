/** The last inputs per tool, remembered in local storage so a reopened tool starts where it was. */
const PREFIX = "agentic.lastInputs.";

export function loadLastInputs(tool: string): unknown {
  try {
    const text = localStorage.getItem(PREFIX + tool);
    return text === null ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function saveLastInputs(tool: string, params: unknown): void {
  try {
    localStorage.setItem(PREFIX + tool, JSON.stringify(params));
  } catch {
    // Storage full or disabled: remembering inputs is a convenience, not a requirement.
  }
}
