/**
 * Starts the real LiteLLM proxy (from the repo's .venv-litellm, which `.ci/run` installs) on a free
 * loopback port with a test config, waits until it answers, and stops it. In CI a missing venv is
 * an error, never a skip.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { closedPort } from "./fake-openai-server.ts";

const REPO = fileURLToPath(new URL("../..", import.meta.url));

/** The `litellm` executable: LITELLM_BIN, else the repo's venv. */
export const LITELLM_BIN =
  process.env.LITELLM_BIN ?? path.join(REPO, ".venv-litellm", "bin", "litellm");

/** Whether LiteLLM is installed; in CI its absence fails the run (see `requireLiteLLM`). */
export const liteLLMInstalled = existsSync(LITELLM_BIN);

/** Throws in CI when LiteLLM is missing: CI installs it, so its absence is a broken CI step. */
export function requireLiteLLM(): void {
  if (!liteLLMInstalled && process.env.CI) {
    throw new Error(
      `LiteLLM is not installed at ${LITELLM_BIN}; .ci/run installs it into .venv-litellm (pip install 'litellm[proxy]==…')`,
    );
  }
}

export interface RunningLiteLLM {
  baseUrl: string;
  /** The master key LiteLLM was started with (recent LiteLLM refuses to start without one). */
  masterKey: string;
  configPath: string;
  /** What LiteLLM printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts LiteLLM with `config` (YAML text) in `dir`; resolves once /health/liveliness answers. */
export async function startLiteLLM(
  config: string,
  dir: string,
  timeoutMs = 150_000,
): Promise<RunningLiteLLM> {
  const port = await closedPort();
  const masterKey = `sk-test-${randomBytes(16).toString("hex")}`;
  const configPath = path.join(dir, "litellm-test-config.yaml");
  await writeFile(configPath, config);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LITELLM_MASTER_KEY: masterKey,
    LITELLM_LOCAL_MODEL_COST_MAP: "True",
    NO_COLOR: "1",
  };
  delete env.DATABASE_URL;
  const child: ChildProcess = spawn(
    LITELLM_BIN,
    ["--config", configPath, "--host", "127.0.0.1", "--port", String(port), "--num_workers", "1"],
    { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let log = "";
  const collect = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const running: RunningLiteLLM = {
    baseUrl,
    masterKey,
    configPath,
    output: () => log,
    async stop() {
      if (hasExited) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited) throw new Error(`LiteLLM exited before it was ready:\n${log}`);
    try {
      const response = await fetch(`${baseUrl}/health/liveliness`, {
        signal: AbortSignal.timeout(1000),
      });
      if (response.ok) return running;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await running.stop();
  throw new Error(`LiteLLM did not answer on ${baseUrl} within ${timeoutMs} ms:\n${log}`);
}
