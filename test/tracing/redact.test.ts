import { describe, expect, it } from "vitest";
import { createKeyMatcher, REDACTED, redact } from "../../src-main/tracing/redact.ts";

describe("redact", () => {
  it("replaces secret values at any depth, in objects and arrays, case-insensitively", () => {
    const input = {
      query: "weather",
      api_key: "sk-1",
      headers: { Authorization: "Bearer abc", "X-Api-Key": "k", accept: "json" },
      accounts: [
        { user: "ann", PASSWORD: "hunter2" },
        { user: "bob", apiKey: "k2" },
      ],
      auth: { access_token: "t", client_secret: "s", OPENAI_API_KEY: "o" },
      max_tokens: 100,
      tokens: 5,
    };
    expect(redact(input)).toEqual({
      query: "weather",
      api_key: REDACTED,
      headers: { Authorization: REDACTED, "X-Api-Key": REDACTED, accept: "json" },
      accounts: [
        { user: "ann", PASSWORD: REDACTED },
        { user: "bob", apiKey: REDACTED },
      ],
      auth: { access_token: REDACTED, client_secret: REDACTED, OPENAI_API_KEY: REDACTED },
      max_tokens: 100,
      tokens: 5,
    });
  });

  it("redacts a whole object held under a secret key, and never mutates the original", () => {
    const original = { secret: { nested: "x" }, list: [{ token: "t" }], keep: { a: 1 } };
    const snapshot = structuredClone(original);
    const copy = redact(original) as typeof original;
    expect(copy).toEqual({ secret: REDACTED, list: [{ token: REDACTED }], keep: { a: 1 } });
    expect(original).toEqual(snapshot);
    expect(copy.keep).not.toBe(original.keep);
    expect(copy.list).not.toBe(original.list);
  });

  it("takes extra keys, and leaves primitives, toJSON values and cycles safe", () => {
    const matcher = createKeyMatcher(["ssn", "Session-Cookie"]);
    expect(redact({ ssn: "1", session_cookie: "c", name: "n" }, matcher)).toEqual({
      ssn: REDACTED,
      session_cookie: REDACTED,
      name: "n",
    });
    expect(redact("plain")).toBe("plain");
    expect(redact(3)).toBe(3);
    expect(redact(null)).toBe(null);
    expect(redact({ at: new Date(0) })).toEqual({ at: "1970-01-01T00:00:00.000Z" });
    const cyclic: Record<string, unknown> = { password: "p" };
    cyclic.self = cyclic;
    expect(redact(cyclic)).toEqual({ password: REDACTED, self: "[Circular]" });
  });
});
