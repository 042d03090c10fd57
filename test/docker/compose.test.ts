import { existsSync, readFileSync } from "node:fs";
import { Ajv2019 } from "ajv/dist/2019.js";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { composeSpecSchema } from "./compose-spec.ts";

const FILE = new URL("../../docker/docker-compose.yml", import.meta.url);

function validator() {
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  // The file names its draft with `$schema` (Ajv2019 knows it) and its parts with the pre-draft-6
  // `id` keyword, which Ajv refuses: drop both; they are labels and carry no validation.
  const schema = withoutIdLabels(composeSpecSchema()) as Record<string, unknown>;
  delete schema.$schema;
  return ajv.compile(schema);
}

function withoutIdLabels(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutIdLabels);
  if (typeof node !== "object" || node === null) return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === "id" && typeof value === "string"))
      .map(([key, value]) => [key, withoutIdLabels(value)]),
  );
}

describe("docker/docker-compose.yml", () => {
  const compose = parse(readFileSync(FILE, "utf8"), { merge: true }) as {
    services: Record<string, { environment?: Record<string, string>; image?: string }>;
  };

  it("validates against the Compose Specification's JSON Schema", () => {
    const validate = validator();
    const valid = validate(compose);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(valid).toBe(true);
  });

  it("the schema check does refuse a malformed compose file", () => {
    const validate = validator();
    expect(validate({ services: { web: { image: "x", ports: "80:80", restart: 3 } } })).toBe(false);
  });

  it("has Langfuse v3 (web, worker, postgres, clickhouse, redis, minio), LiteLLM and Ollama", () => {
    for (const name of [
      "langfuse-web",
      "langfuse-worker",
      "postgres",
      "clickhouse",
      "redis",
      "minio",
      "litellm",
      "ollama",
    ]) {
      expect(compose.services[name], name).toBeDefined();
    }
    expect(compose.services["langfuse-web"]?.image).toMatch(/langfuse\/langfuse:3/);
  });

  it("uses open-source images only: Valkey for Redis, LiteLLM built without its enterprise package", () => {
    const images = Object.values(compose.services).map((s) => s.image ?? "");
    // Redis 7.4 and later is under RSALv2/SSPL: a floating redis:7 or redis:latest would pull it.
    expect(images.filter((i) => /(^|\/)redis:/.test(i))).toEqual([]);
    expect(compose.services.redis?.image).toMatch(/valkey\/valkey:/);
    expect(images.some((i) => i.includes("berriai/litellm"))).toBe(false);
    const dockerfile = readFileSync(
      new URL("../../docker/litellm/Dockerfile", import.meta.url),
      "utf8",
    );
    expect(dockerfile).toMatch(/pip uninstall --yes litellm-enterprise/);
  });

  it("runs LiteLLM on the repository's own litellm_config.yaml, with a master key", () => {
    const litellm = compose.services.litellm as {
      volumes?: string[];
      environment?: Record<string, string>;
    };
    const mount = litellm.volumes?.find((v) => v.includes("litellm_config.yaml")) ?? "";
    expect(existsSync(new URL(`../../docker/${mount.split(":")[0]}`, import.meta.url))).toBe(true);
    expect(litellm.environment?.LITELLM_MASTER_KEY).toMatch(/^sk-/);
  });

  it("initialises Langfuse headlessly with the app's documented local keys and project", () => {
    const env = compose.services["langfuse-web"]?.environment ?? {};
    expect(env).toMatchObject({
      LANGFUSE_INIT_ORG_ID: expect.any(String),
      LANGFUSE_INIT_PROJECT_ID: "agentic-workbench",
      LANGFUSE_INIT_PROJECT_PUBLIC_KEY: "pk-lf-agentic-local",
      LANGFUSE_INIT_PROJECT_SECRET_KEY: "sk-lf-agentic-local",
      LANGFUSE_INIT_USER_EMAIL: expect.stringContaining("@"),
      LANGFUSE_INIT_USER_PASSWORD: expect.any(String),
    });
  });
});
