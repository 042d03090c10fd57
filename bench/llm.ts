/**
 * The LLM proxy's own cost, against a local OpenAI-compatible server in this process (node:http
 * on 127.0.0.1, answering a fixed completion with LiteLLM's response headers):
 *
 * - overhead: `LLMProxy.complete` in proxy mode minus a bare `openai` SDK call
 *   (`chat.completions.create(...).withResponse()`) to the same endpoint, calls interleaved;
 * - fallback: direct mode, a first deployment on a refused loopback port (retried per the repo's
 *   `num_retries: 2`) then the fallback group on the local server, minus a bare SDK call to that
 *   server (the upstream's own latency).
 */

import http from "node:http";
import type { AddressInfo } from "node:net";
import OpenAI from "openai";
import { parseLLMConfig } from "../src-main/llm/config.ts";
import { LLMProxy } from "../src-main/llm/llm-proxy.ts";
import { num as numWithDigits, table } from "./markdown.ts";
import { closedPort, interleaved, msStats as stats } from "./stats.ts";

/** Milliseconds: three decimals below 10 (the overheads are fractions of a millisecond). */
const num = (value: number) => numWithDigits(value, 3);

/** One row, in milliseconds per call. */
export interface LlmRow {
  key: "bare" | "proxy" | "direct" | "fallback";
  label: string;
  medianMs: number;
  p99Ms: number;
  samples: number;
}

export interface LlmSuite {
  rows: LlmRow[];
  /** median(proxy) − median(bare), ms. */
  proxyOverheadMs: number;
  /** median(fallback) − median(bare), ms. */
  fallbackOverheadMs: number;
  /** Refused attempts before the fallback answered (1 + num_retries). */
  refusedAttempts: number;
}

/** The targets from the issue. */
export const LLM_TARGETS = { proxyOverheadMs: 1, fallbackOverheadMs: 20 };

const BODY = JSON.stringify({
  id: "chatcmpl-bench",
  object: "chat.completion",
  created: 1,
  model: "bench",
  choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: "ok" } }],
  usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 },
});

/** Answers every request like LiteLLM would, headers included. */
function startUpstream(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      if (req.url === "/health/liveliness") {
        res.writeHead(200, { "content-type": "application/json" }).end('"I\'m alive!"');
        return;
      }
      res.writeHead(200, {
        "content-type": "application/json",
        "x-litellm-model-id": "bench-1",
        "x-litellm-model-group": "bench",
        "x-litellm-model-api-base": "http://127.0.0.1",
        "x-litellm-attempted-retries": "0",
        "x-litellm-attempted-fallbacks": "0",
        "x-litellm-response-cost": "0",
      });
      res.end(BODY);
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    ),
  );
}

export async function benchLlm(rounds = 1500): Promise<LlmSuite> {
  const upstream = await startUpstream();
  const closed = await closedPort();
  try {
    const messages = [{ role: "user" as const, content: "hi" }];
    const bare = new OpenAI({ baseURL: `${upstream.url}/v1`, apiKey: "sk-bench", maxRetries: 0 });
    const bareCall = async () => {
      const { data } = await bare.chat.completions
        .create({ model: "bench", messages })
        .withResponse();
      if (data.choices[0]?.message.content !== "ok") throw new Error("bare call: wrong answer");
    };
    const config = parseLLMConfig(
      `
model_list:
  - model_name: bench
    litellm_params: { model: openai/bench, api_base: "${upstream.url}/v1" }
    model_info: { id: bench-1 }
  - model_name: first
    litellm_params: { model: openai/bench, api_base: "http://127.0.0.1:${closed}/v1" }
    model_info: { id: refused-1 }
router_settings: { num_retries: 2, fallbacks: [{ first: [bench] }] }
`,
      "bench.yaml",
      "flag",
      {},
    );
    const viaProxy = new LLMProxy({
      config,
      mode: "proxy",
      litellmBaseUrl: `${upstream.url}/v1`,
      litellmApiKey: "sk-bench",
      env: {},
    });
    const viaDirect = new LLMProxy({
      config,
      mode: "direct",
      litellmBaseUrl: upstream.url,
      env: {},
    });
    await viaProxy.modeStatus();
    await viaDirect.modeStatus();
    const expectOk = (deployment: string) => (r: Awaited<ReturnType<LLMProxy["complete"]>>) => {
      if (!r.ok || r.text !== "ok" || r.deployment !== deployment)
        throw new Error(`unexpected result: ${JSON.stringify(r)}`);
      return r;
    };
    const proxyCall = () =>
      viaProxy.complete({ modelGroup: "bench", prompt: "hi" }).then(expectOk("bench-1"));
    const directCall = () =>
      viaDirect.complete({ modelGroup: "bench", prompt: "hi" }).then(expectOk("bench-1"));
    const fallbackCall = () =>
      viaDirect.complete({ modelGroup: "first", prompt: "hi" }).then(expectOk("bench-1"));
    const check = await fallbackCall();
    const refusedAttempts = check.attempts.filter((a) => a.outcome === "refused").length;

    const [bareS, proxyS, directS] = await interleaved(
      [bareCall, proxyCall, directCall],
      rounds,
      200,
    );
    const [bareF, fallbackS] = await interleaved(
      [bareCall, fallbackCall],
      Math.round(rounds / 3),
      50,
    );
    const row = (key: LlmRow["key"], label: string, samples: number[]): LlmRow => ({
      key,
      label,
      ...stats(samples),
      samples: samples.length,
    });
    const rows = [
      row("bare", "(a) bare `openai` SDK call, `.withResponse()`", bareS ?? []),
      row("proxy", "(b) `LLMProxy.complete`, proxy mode (headers read)", proxyS ?? []),
      row("direct", "(c) `LLMProxy.complete`, direct mode", directS ?? []),
      row(
        "fallback",
        `(d) direct mode: ${refusedAttempts} refused attempts, then the fallback answers`,
        fallbackS ?? [],
      ),
    ];
    const median = (key: LlmRow["key"]) => rows.find((r) => r.key === key)?.medianMs ?? Number.NaN;
    return {
      rows,
      proxyOverheadMs: median("proxy") - median("bare"),
      fallbackOverheadMs: median("fallback") - stats(bareF ?? []).medianMs,
      refusedAttempts,
    };
  } finally {
    await upstream.close();
  }
}

/** The markdown section of the suite. */
export function llmSection(suite: LlmSuite): string {
  return [
    "## The LLM proxy (ms per call)",
    "",
    table(
      ["Path", "median", "p99", "samples"],
      suite.rows.map((r) => [r.label, num(r.medianMs), num(r.p99Ms), String(r.samples)]),
    ),
    "",
    "- The upstream is a node:http server in the bench process on 127.0.0.1 answering a fixed completion with LiteLLM's `x-litellm-*` headers; keep-alive on. Rows (a)–(c) ran interleaved, one call each in turn; (d) interleaved with more (a) calls, which are its baseline.",
    `- (d) uses the repo config's retry count (\`num_retries: 2\`): ${suite.refusedAttempts} connection attempts to a loopback port nothing listens on, then the fallback group.`,
  ].join("\n");
}

/** Verdict lines for the targets section. */
export function llmTargetLines(suite: LlmSuite): string[] {
  const verdict = (met: boolean, text: string) => `- ${met ? "**met**" : "**missed**"}: ${text}`;
  return [
    verdict(
      suite.proxyOverheadMs < LLM_TARGETS.proxyOverheadMs,
      `LLM proxy overhead over a bare openai SDK call < ${LLM_TARGETS.proxyOverheadMs} ms: median(b) − median(a) = ${num(suite.proxyOverheadMs)} ms`,
    ),
    verdict(
      suite.fallbackOverheadMs < LLM_TARGETS.fallbackOverheadMs,
      `refused first deployment → the fallback's answer, over the upstream's own latency, < ${LLM_TARGETS.fallbackOverheadMs} ms: median(d) − median(a) = ${num(suite.fallbackOverheadMs)} ms`,
    ),
  ];
}
