/**
 * litellm_config.yaml as the app reads it: model groups, deployments, fallbacks, retries and
 * timeouts, in LiteLLM's own format so one file serves both the proxy and direct mode.
 * API keys stay in `LLMConfig.secrets`, keyed by deployment id, and are resolved only when a call
 * is made; the view handed out (`LLMConfigView`) never carries them.
 */
import { access, readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";
import type { LLMConfigSource, LLMConfigView, LLMDeployment, LLMModelGroup } from "./types.ts";

/** Where Ollama listens when a deployment names none. */
export const OLLAMA_DEFAULT_BASE = "http://localhost:11434";
/** LiteLLM's default request timeout (seconds → ms). */
const DEFAULT_TIMEOUT_MS = 600_000;

/** The config plus what only the main process may see. */
export interface LLMConfig {
  view: LLMConfigView;
  /** API key references per deployment id: a literal or `os.environ/NAME`. */
  secrets: ReadonlyMap<string, string>;
}

/** Thrown when the config cannot be read or makes no sense; the message names the file and field. */
export class LLMConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LLMConfigError";
  }
}

/** Which config file to read: `--llm-config`, else `LITELLM_CONFIG`, else the workspace's, else the app's. */
export async function resolveLLMConfigPath(options: {
  flag?: string | undefined;
  env: NodeJS.ProcessEnv;
  workspaceRoot: string;
  appDefault: string;
}): Promise<{ path: string; source: LLMConfigSource }> {
  if (options.flag) return { path: path.resolve(options.flag), source: "flag" };
  if (options.env.LITELLM_CONFIG)
    return { path: path.resolve(options.env.LITELLM_CONFIG), source: "env" };
  const inWorkspace = path.join(options.workspaceRoot, "litellm_config.yaml");
  try {
    await access(inWorkspace);
    return { path: inWorkspace, source: "workspace" };
  } catch {
    return { path: options.appDefault, source: "app" };
  }
}

/** Reads and parses a config file. Throws LLMConfigError. */
export async function loadLLMConfig(
  file: string,
  source: LLMConfigSource,
  env: NodeJS.ProcessEnv = process.env,
): Promise<LLMConfig> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const hint =
      source === "flag" ? "--llm-config" : source === "env" ? "LITELLM_CONFIG" : "the config";
    throw new LLMConfigError(
      `cannot read the LLM config ${file} (from ${hint}): ${(error as Error).message}`,
    );
  }
  return parseLLMConfig(text, file, source, env);
}

/** Parses config text (LiteLLM's YAML format). Throws LLMConfigError. */
export function parseLLMConfig(
  text: string,
  file: string,
  source: LLMConfigSource,
  env: NodeJS.ProcessEnv = process.env,
): LLMConfig {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new LLMConfigError(`${file} is not valid YAML: ${(error as Error).message}`);
  }
  const root = record(doc) ?? {};
  const router = record(root.router_settings) ?? {};
  const litellmSettings = record(root.litellm_settings) ?? {};
  const general = record(root.general_settings) ?? {};
  const routerTimeoutMs =
    seconds(router.timeout) ?? seconds(litellmSettings.request_timeout) ?? DEFAULT_TIMEOUT_MS;

  const list = root.model_list;
  if (!Array.isArray(list) || list.length === 0) {
    throw new LLMConfigError(`${file}: model_list must be a non-empty list of deployments`);
  }
  const groups = new Map<string, LLMModelGroup>();
  const secrets = new Map<string, string>();
  const ids = new Set<string>();
  list.forEach((item, index) => {
    const where = `${file}: model_list[${index}]`;
    const entry = record(item);
    const group = entry?.model_name;
    const params = record(entry?.litellm_params);
    if (typeof group !== "string" || group === "") {
      throw new LLMConfigError(`${where}: model_name must be a non-empty string`);
    }
    if (!params || typeof params.model !== "string" || params.model === "") {
      throw new LLMConfigError(
        `${where}: litellm_params.model must be a string like ollama/llama3`,
      );
    }
    const info = record(entry?.model_info) ?? {};
    let modelGroup = groups.get(group);
    if (!modelGroup) {
      modelGroup = { name: group, deployments: [], fallbacks: [] };
      groups.set(group, modelGroup);
    }
    const id =
      typeof info.id === "string" ? info.id : `${group}-${modelGroup.deployments.length + 1}`;
    if (ids.has(id)) throw new LLMConfigError(`${where}: model_info.id ${id} is used twice`);
    ids.add(id);
    const model = params.model;
    const provider = model.includes("/") ? (model.split("/")[0] as string) : "openai";
    const configuredBase = stringValue(params.api_base, env, `${where}.litellm_params.api_base`);
    const apiBase =
      configuredBase ??
      (provider === "ollama" || provider === "ollama_chat" ? OLLAMA_DEFAULT_BASE : undefined);
    if (typeof params.api_key === "string" && params.api_key !== "")
      secrets.set(id, params.api_key);
    const deployment: LLMDeployment = {
      id,
      modelGroup: group,
      model,
      provider,
      ...(apiBase !== undefined ? { apiBase: apiBase.replace(/\/+$/, "") } : {}),
      hasApiKey: secrets.has(id),
      ...(typeof params.mock_response === "string" ? { mockResponse: params.mock_response } : {}),
      timeoutMs: seconds(params.timeout) ?? routerTimeoutMs,
      inputCostPerToken: cost(params.input_cost_per_token ?? info.input_cost_per_token),
      outputCostPerToken: cost(params.output_cost_per_token ?? info.output_cost_per_token),
    };
    modelGroup.deployments.push(deployment);
  });

  const fallbacks = fallbackMap(router.fallbacks ?? litellmSettings.fallbacks, file);
  const defaults = stringList(router.default_fallbacks ?? litellmSettings.default_fallbacks);
  for (const group of groups.values()) {
    group.fallbacks = (fallbacks.get(group.name) ?? defaults).filter((g) => g !== group.name);
    for (const target of group.fallbacks) {
      if (!groups.has(target)) {
        throw new LLMConfigError(
          `${file}: router_settings.fallbacks: ${group.name} falls back to ${target}, which no model_list entry serves`,
        );
      }
    }
  }

  const numRetries = nonNegativeInt(router.num_retries ?? litellmSettings.num_retries) ?? 0;
  return {
    view: {
      path: file,
      source,
      groups: [...groups.values()],
      numRetries,
      retryAfterMs: seconds(router.retry_after) ?? 0,
      allowMockTestingParams: general.dangerously_allow_mock_testing_request_params === true,
    },
    secrets,
  };
}

/**
 * The environment variables a config reads: every `os.environ/NAME` value anywhere in it (keys,
 * bases, headers). A workspace config that reads any is used only once trusted: it could send
 * the user's keys to a server of its choosing. Text that is not YAML reads nothing (it fails to load).
 */
export function llmConfigEnvReferences(text: string): string[] {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return [];
  }
  const names = new Set<string>();
  // A stack, not recursion: the file is untrusted and may nest deeply.
  const stack: unknown[] = [doc];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === "string") {
      if (value.startsWith("os.environ/")) names.add(value.slice("os.environ/".length));
    } else if (typeof value === "object" && value !== null) {
      stack.push(...Object.values(value));
    }
  }
  return [...names].sort();
}

/** Resolves LiteLLM's `os.environ/NAME` references (used for keys and bases). */
export function resolveEnvReference(value: string, env: NodeJS.ProcessEnv): string | undefined {
  if (!value.startsWith("os.environ/")) return value;
  const resolved = env[value.slice("os.environ/".length)];
  return resolved === "" ? undefined : resolved;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function stringValue(value: unknown, env: NodeJS.ProcessEnv, where: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new LLMConfigError(`${where} must be a string`);
  return resolveEnvReference(value, env);
}

function seconds(value: unknown): number | undefined {
  const n = typeof value === "string" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) && n >= 0 ? Math.round(n * 1000) : undefined;
}

function cost(value: unknown): number {
  const n = typeof value === "string" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) && n >= 0 ? n : 0;
}

function nonNegativeInt(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : undefined;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** `[{fast: [main]}, {main: [fast]}]` (LiteLLM's shape) → Map. */
function fallbackMap(value: unknown, file: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (value === undefined || value === null) return out;
  if (!Array.isArray(value)) {
    throw new LLMConfigError(
      `${file}: router_settings.fallbacks must be a list like [{fast: [main]}]`,
    );
  }
  for (const item of value) {
    const entry = record(item);
    if (!entry) {
      throw new LLMConfigError(
        `${file}: router_settings.fallbacks entries must be maps like {fast: [main]}`,
      );
    }
    for (const [group, targets] of Object.entries(entry)) {
      out.set(group, Array.isArray(targets) ? stringList(targets) : stringList([targets]));
    }
  }
  return out;
}
