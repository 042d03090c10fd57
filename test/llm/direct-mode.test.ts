/**
 * Direct mode against local OpenAI-compatible servers: every way of failing of the issue
 * (refused, timeout, 429, 5xx, malformed body) is retried per the config and then falls back, and
 * the result lists every attempt; keys never show; observers see each generation.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseLLMConfig } from "../../src-main/llm/config.ts";
import { LLMProxy } from "../../src-main/llm/llm-proxy.ts";
import type {
  CompletionFailure,
  CompletionSuccess,
  GenerationInfo,
} from "../../src-main/llm/types.ts";
import {
  type Behavior,
  closedPort,
  type FakeServer,
  startFakeServer,
} from "./fake-openai-server.ts";

const servers: FakeServer[] = [];
let good: FakeServer;
let refusedPort: number;

beforeAll(async () => {
  good = await startFakeServer({
    kind: "ok",
    text: "hello from good",
    usage: { prompt_tokens: 7, completion_tokens: 3 },
  });
  servers.push(good);
  refusedPort = await closedPort();
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function server(behavior: Behavior): Promise<FakeServer> {
  const s = await startFakeServer(behavior);
  servers.push(s);
  return s;
}

/** A proxy in direct mode over a YAML config; LiteLLM's URL is a closed port. */
function proxyFor(yaml: string, env: NodeJS.ProcessEnv = {}): LLMProxy {
  return new LLMProxy({
    config: parseLLMConfig(yaml, "test.yaml", "flag", env),
    mode: "direct",
    litellmBaseUrl: `http://127.0.0.1:${refusedPort}`,
    env,
  });
}

/** `bad` (one deployment at `badBase`) falls back to `good`; one retry. */
function fallbackConfig(badBase: string, extra = ""): string {
  return `
model_list:
  - model_name: bad
    litellm_params: { model: openai/bad-model, api_base: "${badBase}/v1"${extra} }
    model_info: { id: bad-1 }
  - model_name: good
    litellm_params:
      model: openai/good-model
      api_base: "${good.url}/v1"
      input_cost_per_token: 0.001
      output_cost_per_token: 0.01
    model_info: { id: good-1 }
router_settings:
  num_retries: 1
  fallbacks: [{ bad: [good] }]
`;
}

function expectSuccess(result: unknown): CompletionSuccess {
  expect(result).toMatchObject({ ok: true });
  return result as CompletionSuccess;
}

describe("direct mode", () => {
  it("answers from the deployment, with usage, cost from the config and one attempt", async () => {
    const proxy = proxyFor(fallbackConfig(good.url));
    const before = good.requests.length;
    const result = expectSuccess(await proxy.complete({ modelGroup: "good", prompt: "hi" }));
    expect(result).toMatchObject({
      mode: "direct",
      modelGroup: "good",
      deployment: "good-1",
      answeredBy: "good",
      model: "openai/good-model",
      text: "hello from good",
      usage: { promptTokens: 7, completionTokens: 3, totalTokens: 10 },
      attemptedRetries: 0,
      attemptedFallbacks: 0,
    });
    expect(result.cost).toBeCloseTo(7 * 0.001 + 3 * 0.01, 10);
    expect(result.attempts).toEqual([
      {
        deployment: "good-1",
        modelGroup: "good",
        model: "openai/good-model",
        apiBase: `${good.url}/v1`,
        outcome: "ok",
        ms: expect.any(Number),
      },
    ]);
    const request = good.requests[before];
    expect(request?.path).toBe("/v1/chat/completions");
    expect(request?.body).toMatchObject({
      model: "good-model",
      messages: [{ role: "user", content: "hi" }],
    });
  });

  const failures: [string, () => Promise<string>, string, string, number?][] = [
    ["connection refused", async () => `http://127.0.0.1:${refusedPort}`, "refused", "refused"],
    [
      "a timeout",
      async () => (await server({ kind: "hang" })).url,
      "timeout",
      "no answer within 300 ms",
    ],
    [
      "429",
      async () => (await server({ kind: "status", status: 429 })).url,
      "rate_limited",
      "HTTP 429",
      429,
    ],
    [
      "500",
      async () => (await server({ kind: "status", status: 500 })).url,
      "server_error",
      "HTTP 500",
      500,
    ],
    [
      "503",
      async () => (await server({ kind: "status", status: 503 })).url,
      "server_error",
      "HTTP 503",
      503,
    ],
    [
      "a body that is not JSON",
      async () => (await server({ kind: "malformed" })).url,
      "malformed",
      "not valid JSON",
    ],
    [
      "a body without choices",
      async () => (await server({ kind: "no-choices" })).url,
      "malformed",
      "not a chat completion",
    ],
  ];
  for (const [what, start, outcome, message, status] of failures) {
    it(`${what}: retried once, then the fallback answers; both attempts recorded`, async () => {
      const proxy = proxyFor(fallbackConfig(await start(), ", timeout: 0.3"));
      const result = expectSuccess(await proxy.complete({ modelGroup: "bad", prompt: "hi" }));
      expect(result).toMatchObject({
        modelGroup: "bad",
        deployment: "good-1",
        answeredBy: "good",
        text: "hello from good",
        attemptedRetries: 1,
        attemptedFallbacks: 1,
      });
      expect(result.attempts.map((a) => [a.deployment, a.outcome])).toEqual([
        ["bad-1", outcome],
        ["bad-1", outcome],
        ["good-1", "ok"],
      ]);
      expect(result.attempts[0]?.error).toContain(message);
      if (status !== undefined) expect(result.attempts[0]?.status).toBe(status);
    });
  }

  it("does not retry a 400 but falls back at once", async () => {
    const bad = await server({
      kind: "status",
      status: 400,
      body: { error: { message: "bad request" } },
    });
    const result = expectSuccess(
      await proxyFor(fallbackConfig(bad.url)).complete({ modelGroup: "bad", prompt: "hi" }),
    );
    expect(result.attempts.map((a) => a.outcome)).toEqual(["client_error", "ok"]);
    expect(result.attempts[0]?.error).toBe("HTTP 400: bad request");
  });

  it("retries go to the group's next deployment before any fallback", async () => {
    const failing = await server({ kind: "status", status: 500 });
    const proxy = proxyFor(`
model_list:
  - model_name: pair
    litellm_params: { model: openai/a, api_base: "${failing.url}/v1" }
    model_info: { id: pair-a }
  - model_name: pair
    litellm_params: { model: openai/b, api_base: "${good.url}/v1" }
    model_info: { id: pair-b }
router_settings: { num_retries: 2 }
`);
    const result = expectSuccess(await proxy.complete({ modelGroup: "pair", prompt: "hi" }));
    expect(result).toMatchObject({
      deployment: "pair-b",
      attemptedRetries: 1,
      attemptedFallbacks: 0,
    });
    expect(result.attempts.map((a) => a.outcome)).toEqual(["server_error", "ok"]);
  });

  it("when every attempt fails, one error lists each attempt and why", async () => {
    const limited = await server({ kind: "status", status: 429 });
    const proxy = proxyFor(`
model_list:
  - model_name: first
    litellm_params: { model: openai/a, api_base: "http://127.0.0.1:${refusedPort}/v1" }
    model_info: { id: first-1 }
  - model_name: second
    litellm_params: { model: openai/b, api_base: "${limited.url}/v1" }
    model_info: { id: second-1 }
router_settings: { num_retries: 1, fallbacks: [{ first: [second] }] }
`);
    const result = (await proxy.complete({
      modelGroup: "first",
      prompt: "hi",
    })) as CompletionFailure;
    expect(result.ok).toBe(false);
    expect(result.error.code).toBe("ALL_ATTEMPTS_FAILED");
    expect(result.error.attempts.map((a) => [a.deployment, a.outcome])).toEqual([
      ["first-1", "refused"],
      ["first-1", "refused"],
      ["second-1", "rate_limited"],
      ["second-1", "rate_limited"],
    ]);
    expect(result.error.message).toMatch(
      /^every attempt for first failed \(and its fallbacks second\), 4 attempts: first-1: connection refused.* ×2; second-1: HTTP 429.* ×2$/,
    );
  });

  it("simulateFailure skips the first deployment as failed, so the fallback answers", async () => {
    const proxy = proxyFor(fallbackConfig(good.url));
    const result = expectSuccess(
      await proxy.complete({ modelGroup: "bad", prompt: "hi", simulateFailure: true }),
    );
    expect(result).toMatchObject({
      deployment: "good-1",
      answeredBy: "good",
      attemptedFallbacks: 1,
    });
    expect(result.attempts.map((a) => [a.deployment, a.outcome])).toEqual([
      ["bad-1", "simulated"],
      ["good-1", "ok"],
    ]);
  });

  it("honours LiteLLM's mock_response, including its error names", async () => {
    const proxy = proxyFor(`
model_list:
  - model_name: broken
    litellm_params: { model: openai/x, mock_response: litellm.InternalServerError }
    model_info: { id: broken-1 }
  - model_name: canned
    litellm_params: { model: openai/y, mock_response: "canned answer" }
    model_info: { id: canned-1 }
router_settings: { num_retries: 0, fallbacks: [{ broken: [canned] }] }
`);
    const result = expectSuccess(await proxy.complete({ modelGroup: "broken", prompt: "hi" }));
    expect(result.text).toBe("canned answer");
    expect(result.attempts.map((a) => a.outcome)).toEqual(["server_error", "ok"]);
  });

  it("sends the configured key but never shows it, even when the server echoes it", async () => {
    const key = "sk-direct-secret-0123456789";
    const echo = await server({
      kind: "status",
      status: 401,
      body: { error: { message: `Incorrect API key provided: ${key}` } },
    });
    const proxy = proxyFor(fallbackConfig(echo.url, ", api_key: os.environ/TEST_DIRECT_KEY"), {
      TEST_DIRECT_KEY: key,
    });
    const result = await proxy.complete({ modelGroup: "bad", prompt: "hi" });
    expect(echo.requests[0]?.authorization).toBe(`Bearer ${key}`);
    expect(result.ok).toBe(true);
    const shown = JSON.stringify({ result, overview: await proxy.overview() });
    expect(shown).not.toContain(key);
    expect(shown).toContain("[redacted]");
  });

  it("unknown groups and cancelled calls fail with their own codes", async () => {
    const hang = await server({ kind: "hang" });
    const proxy = proxyFor(fallbackConfig(hang.url));
    const unknown = (await proxy.complete({
      modelGroup: "nope",
      prompt: "hi",
    })) as CompletionFailure;
    expect(unknown.error).toMatchObject({
      code: "UNKNOWN_MODEL_GROUP",
      hint: "the groups are bad, good",
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const cancelled = (await proxy.complete({
      modelGroup: "bad",
      prompt: "hi",
      signal: controller.signal,
    })) as CompletionFailure;
    expect(cancelled.error.code).toBe("CANCELLED");
    expect(cancelled.error.attempts.map((a) => a.outcome)).toEqual(["cancelled"]);
  });

  it("tells observers about every generation, with the caller; a throwing observer changes nothing", async () => {
    const seen: GenerationInfo[] = [];
    const proxy = proxyFor(fallbackConfig(good.url));
    proxy.addObserver({
      onGeneration: () => {
        throw new Error("observer bug");
      },
    });
    const remove = proxy.addObserver({ onGeneration: (info) => seen.push(info) });
    const result = await proxy.complete({
      modelGroup: "good",
      system: "be brief",
      prompt: "hi",
      caller: { toolName: "@llm/complete", invocationId: "inv-1" },
    });
    expect(result.ok).toBe(true);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      ok: true,
      mode: "direct",
      modelGroup: "good",
      deployment: "good-1",
      model: "openai/good-model",
      input: [
        { role: "system", content: "be brief" },
        { role: "user", content: "hi" },
      ],
      output: "hello from good",
      usage: { totalTokens: 10 },
      caller: { toolName: "@llm/complete", invocationId: "inv-1" },
    });
    expect(seen[0]?.endTime.getTime()).toBeGreaterThanOrEqual(seen[0]?.startTime.getTime() ?? 0);
    remove();
    await proxy.complete({ modelGroup: "good", prompt: "again" });
    expect(seen).toHaveLength(1);
  });
});

describe("mode", () => {
  it("auto: direct when LiteLLM does not answer, proxy when it does — and says why", async () => {
    const config = parseLLMConfig(fallbackConfig(good.url), "test.yaml", "flag", {});
    const down = new LLMProxy({
      config,
      litellmBaseUrl: `http://127.0.0.1:${refusedPort}`,
      env: {},
    });
    expect(await down.modeStatus()).toMatchObject({
      mode: "direct",
      preference: "auto",
      reason: expect.stringContaining("does not answer"),
      litellm: { reachable: false, hasApiKey: false },
    });
    const live = http.createServer((req, res) => {
      res.writeHead(req.url === "/health/liveliness" ? 200 : 404).end('"I\'m alive!"');
    });
    await new Promise<void>((resolve) => live.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(live.address() as AddressInfo).port}`;
      const up = new LLMProxy({
        config,
        litellmBaseUrl: url,
        env: { LITELLM_API_KEY: "sk-x-123456" },
      });
      expect(await up.modeStatus()).toMatchObject({
        mode: "proxy",
        reason: `LiteLLM answers at ${url}`,
        litellm: { baseUrl: url, reachable: true, hasApiKey: true },
      });
      const forced = new LLMProxy({
        config,
        litellmBaseUrl: url,
        env: { AGENTIC_LLM_MODE: "direct" },
      });
      expect((await forced.modeStatus()).mode).toBe("direct");
    } finally {
      live.close();
    }
  });

  it("overview: groups, fallbacks and which deployment bases answer", async () => {
    const proxy = proxyFor(fallbackConfig(`http://127.0.0.1:${refusedPort}`));
    const overview = await proxy.overview();
    expect(overview.config?.groups.map((g) => [g.name, g.fallbacks])).toEqual([
      ["bad", ["good"]],
      ["good", []],
    ]);
    expect(overview.reachability).toEqual({ "bad-1": "unreachable", "good-1": "reachable" });
  });

  it("a broken config is reported, and direct calls fail with CONFIG_ERROR", async () => {
    const proxy = new LLMProxy({
      config: { error: "x.yaml: model_list must be a non-empty list", path: "x.yaml" },
      mode: "direct",
      litellmBaseUrl: `http://127.0.0.1:${refusedPort}`,
      env: {},
    });
    expect((await proxy.overview()).configError).toContain("model_list");
    const result = (await proxy.complete({
      modelGroup: "main",
      prompt: "hi",
    })) as CompletionFailure;
    expect(result.error.code).toBe("CONFIG_ERROR");
  });
});
