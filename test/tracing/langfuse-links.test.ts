import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  LangfuseLinks,
  langfuseConfigFromEnv,
  langfuseTraceUrl,
} from "../../src-main/tracing/langfuse-config.ts";
import { LangfuseReceiver, PROJECT_ID } from "./langfuse-receiver.ts";

const receiver = new LangfuseReceiver();
let baseUrl = "";
beforeAll(async () => {
  baseUrl = await receiver.start();
});
afterAll(() => receiver.stop());

const traceId = "0af7651916cd43dd8448eb211c80319c";

describe("langfuseConfigFromEnv", () => {
  it("reads the keys and LANGFUSE_BASE_URL, accepting LANGFUSE_HOST too", () => {
    const keys = { LANGFUSE_PUBLIC_KEY: "pk", LANGFUSE_SECRET_KEY: "sk" };
    expect(langfuseConfigFromEnv({ ...keys, LANGFUSE_BASE_URL: "http://localhost:3000/" })).toEqual(
      {
        config: { publicKey: "pk", secretKey: "sk", baseUrl: "http://localhost:3000" },
      },
    );
    expect(langfuseConfigFromEnv({ ...keys, LANGFUSE_HOST: "http://lf.internal:3000" })).toEqual({
      config: { publicKey: "pk", secretKey: "sk", baseUrl: "http://lf.internal:3000" },
    });
    expect(
      langfuseConfigFromEnv({
        ...keys,
        LANGFUSE_BASE_URL: "http://a:1",
        LANGFUSE_HOST: "http://b:2",
        LANGFUSE_PROJECT_ID: "p1",
      }),
    ).toEqual({
      config: { publicKey: "pk", secretKey: "sk", baseUrl: "http://a:1", projectId: "p1" },
    });
    expect(langfuseConfigFromEnv(keys)).toMatchObject({
      config: { baseUrl: "https://cloud.langfuse.com" },
    });
  });

  it("says why there is no config", () => {
    expect(langfuseConfigFromEnv({})).toEqual({
      reason: expect.stringMatching(/LANGFUSE_PUBLIC_KEY/),
    });
    expect(
      langfuseConfigFromEnv({
        LANGFUSE_PUBLIC_KEY: "pk",
        LANGFUSE_SECRET_KEY: "sk",
        LANGFUSE_BASE_URL: "ftp://x",
      }),
    ).toEqual({ reason: expect.stringMatching(/not an http/) });
  });
});

describe("trace URLs", () => {
  it("builds {baseUrl}/project/{projectId}/traces/{traceId}", () => {
    expect(langfuseTraceUrl("http://localhost:3000/", "proj-1", traceId)).toBe(
      `http://localhost:3000/project/proj-1/traces/${traceId}`,
    );
  });

  it("uses LANGFUSE_PROJECT_ID without asking the server", async () => {
    const before = receiver.requests.length;
    const links = new LangfuseLinks({
      publicKey: receiver.publicKey,
      secretKey: receiver.secretKey,
      baseUrl,
      projectId: "from-env",
    });
    expect(await links.traceUrl(traceId)).toBe(`${baseUrl}/project/from-env/traces/${traceId}`);
    expect(receiver.requests.length).toBe(before);
  });

  it("otherwise looks the project up once through GET /api/public/projects", async () => {
    const before = receiver.requests.length;
    const links = new LangfuseLinks({
      publicKey: receiver.publicKey,
      secretKey: receiver.secretKey,
      baseUrl,
    });
    expect(await links.traceUrl(traceId)).toBe(
      `${baseUrl}/project/${PROJECT_ID}/traces/${traceId}`,
    );
    expect(await links.traceUrl("1".repeat(32))).toBe(
      `${baseUrl}/project/${PROJECT_ID}/traces/${"1".repeat(32)}`,
    );
    const lookups = receiver.requests.slice(before);
    expect(lookups).toEqual([{ method: "GET", path: "/api/public/projects", status: 200 }]);
  });

  it("gives no URL when the look-up is refused (wrong keys), and tries again next time", async () => {
    const before = receiver.requests.length;
    const links = new LangfuseLinks({ publicKey: receiver.publicKey, secretKey: "wrong", baseUrl });
    expect(await links.traceUrl(traceId)).toBeUndefined();
    expect(await links.traceUrl(traceId)).toBeUndefined();
    expect(receiver.requests.slice(before).map((r) => r.status)).toEqual([401, 401]);
  });

  it("gives no URL, promptly, when Langfuse is unreachable", async () => {
    const links = new LangfuseLinks(
      { publicKey: "pk", secretKey: "sk", baseUrl: "http://127.0.0.1:9" },
      { timeoutMs: 1_000 },
    );
    expect(await links.traceUrl(traceId)).toBeUndefined();
  });
});
