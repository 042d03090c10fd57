import { describe, expect, it } from "vitest";
import { toolNameProblem } from "../../src-main/core/names.ts";
import {
  EXTERNAL_NAME_LIMITS,
  fromExternalName,
  normaliseNamePart,
  toExternalName,
} from "../../src-main/interop/external-names.ts";

const OPENAI_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** A random valid part: first char [a-z0-9], then [a-z0-9._-], biased towards the tricky ones. */
function randomPart(random: () => number, maxLength: number): string {
  const first = "abcdefghijklmnopqrstuvwxyz0123456789";
  const rest = `${first}..__--_`;
  const length = 1 + Math.floor(random() * maxLength);
  let out = first[Math.floor(random() * first.length)] as string;
  for (let i = 1; i < length; i++) out += rest[Math.floor(random() * rest.length)];
  return out;
}

function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

describe("the external name mapping", () => {
  it.each([
    ["@math/calculator", "math__calculator"],
    ["@mcp-fs/read_file", "mcp-fs__read_file"],
    ["@my_tools/v1.2", "myUtools__v1D2"],
    ["@a__b/c", "aUUb__c"],
    ["@a/b__c", "a__b__c"],
    ["@a_/x", "aU__x"],
  ])("%s ↔ %s", (ours, external) => {
    expect(toExternalName(ours)).toBe(external);
    expect(fromExternalName(external)).toBe(ours);
  });

  it("is reversible and collision-free for thousands of tricky valid names", () => {
    const random = seeded(42);
    const seen = new Map<string, string>();
    for (let i = 0; i < 5000; i++) {
      const name = `@${randomPart(random, 12)}/${randomPart(random, 12)}`;
      expect(toolNameProblem(name)).toBeUndefined();
      const external = toExternalName(name);
      expect(external).toMatch(OPENAI_NAME);
      expect(fromExternalName(external)).toBe(name);
      const other = seen.get(external);
      if (other !== undefined) expect(other).toBe(name);
      seen.set(external, name);
    }
  });

  it("shortens over-long names with a hash, reversed by looking them up", () => {
    const long = `@${"s".repeat(40)}/${"n".repeat(40)}`;
    const openai = toExternalName(long, EXTERNAL_NAME_LIMITS.openai);
    expect(openai).toMatch(OPENAI_NAME);
    expect(openai).toMatch(/_H[0-9a-f]{8}$/);
    expect(toExternalName(long, EXTERNAL_NAME_LIMITS.mcp)).toBe(
      `${"s".repeat(40)}__${"n".repeat(40)}`,
    );
    expect(fromExternalName(openai)).toBeUndefined();
    expect(fromExternalName(openai, ["@math/calculator", long])).toBe(long);
    const sibling = `@${"s".repeat(40)}/${"n".repeat(39)}x`;
    expect(toExternalName(sibling)).not.toBe(openai);
  });

  it("refuses names that are not ours", () => {
    for (const bad of [
      "math",
      "math_calculator",
      "Math__calc",
      "a__B",
      "__x",
      "a__",
      "a b__c",
      "aX__b",
    ]) {
      expect(fromExternalName(bad)).toBeUndefined();
    }
    expect(() => toExternalName("not-a-name")).toThrow(/invalid tool name/);
  });

  it("normalises foreign names to our rule", () => {
    expect(normaliseNamePart("read_file")).toBe("read_file");
    expect(normaliseNamePart("Read File!")).toBe("read-file-");
    expect(normaliseNamePart("__init")).toBe("init");
    expect(normaliseNamePart("***")).toBeUndefined();
    expect(normaliseNamePart("x".repeat(100))).toHaveLength(64);
  });
});
