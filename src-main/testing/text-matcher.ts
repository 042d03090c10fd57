/** `message` expectations: plain text the message contains, or `/regex/flags`. */

/** A compiled matcher, or why the pattern is not one. */
export type TextMatcher = { test(text: string): boolean; describe: string } | { error: string };

const REGEX = /^\/(.+)\/([a-z]*)$/s;

/** Reads `text` as `/regex/flags` when it looks like one, else as a substring to find. */
export function parseTextMatcher(text: string): TextMatcher {
  const m = REGEX.exec(text);
  if (!m) return { test: (s) => s.includes(text), describe: `contains ${JSON.stringify(text)}` };
  try {
    const re = new RegExp(m[1] ?? "", m[2]);
    // search(), unlike test(), ignores lastIndex, so a `g` flag cannot make matches alternate.
    return { test: (s) => s.search(re) >= 0, describe: `matches ${text}` };
  } catch (error) {
    return { error: `${text} is not a valid regular expression: ${(error as Error).message}` };
  }
}

/**
 * `text` as a matcher for exactly that text: itself, unless it would be read as a regex (a
 * recorded error message such as `/etc/ is not writable/` must not turn into a pattern).
 */
export function literalMatcherText(text: string): string {
  if (!REGEX.test(text)) return text;
  return `/${text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}/`;
}
