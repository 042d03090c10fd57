/**
 * Langfuse settings from the environment, and links to a trace in Langfuse's UI:
 * `{baseUrl}/project/{projectId}/traces/{traceId}`, the project id from `LANGFUSE_PROJECT_ID` or
 * looked up once through the public API.
 */
import { describeThrown } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import { silentLogger } from "../core/logger.ts";

/** Where Langfuse is and how to authenticate. */
export interface LangfuseConfig {
  publicKey: string;
  secretKey: string;
  /** Without a trailing slash, e.g. `http://localhost:3000`. */
  baseUrl: string;
  /** Known in advance (`LANGFUSE_PROJECT_ID`); otherwise looked up for links. */
  projectId?: string;
}

/** The SDK's default when no base URL is given. */
export const LANGFUSE_CLOUD_URL = "https://cloud.langfuse.com";

/**
 * Reads `LANGFUSE_PUBLIC_KEY`, `LANGFUSE_SECRET_KEY`, `LANGFUSE_BASE_URL` (or `LANGFUSE_HOST`, the
 * older name, which the current SDK no longer reads) and `LANGFUSE_PROJECT_ID`. Returns the
 * config, or why there is none.
 */
export function langfuseConfigFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): { config: LangfuseConfig } | { reason: string } {
  const publicKey = env.LANGFUSE_PUBLIC_KEY?.trim();
  const secretKey = env.LANGFUSE_SECRET_KEY?.trim();
  if (!publicKey || !secretKey) {
    return { reason: "LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY are not both set" };
  }
  const rawUrl =
    env.LANGFUSE_BASE_URL?.trim() ||
    env.LANGFUSE_HOST?.trim() ||
    env.LANGFUSE_BASEURL?.trim() ||
    LANGFUSE_CLOUD_URL;
  let baseUrl: string;
  try {
    const url = new URL(rawUrl);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("not http(s)");
    baseUrl = url.toString().replace(/\/+$/, "");
  } catch {
    return { reason: `the Langfuse base URL is not an http(s) URL: ${rawUrl}` };
  }
  const projectId = env.LANGFUSE_PROJECT_ID?.trim();
  return { config: { publicKey, secretKey, baseUrl, ...(projectId ? { projectId } : {}) } };
}

/** Langfuse settings that fail validation; `field` names the offending one. */
export class LangfuseSettingsError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = "LangfuseSettingsError";
  }
}

/**
 * Checks settings given in the UI (or read back from settings.json) and normalises them: `baseUrl`
 * an http(s) URL (trailing slashes dropped), `publicKey` and `secretKey` non-empty, `projectId`
 * optional (empty means none). Throws a LangfuseSettingsError naming the field otherwise.
 */
export function parseLangfuseSettings(input: unknown): LangfuseConfig {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new LangfuseSettingsError(
      "settings",
      "must be an object { baseUrl, publicKey, secretKey, projectId? }",
    );
  }
  const o = input as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!["baseUrl", "publicKey", "secretKey", "projectId"].includes(key)) {
      throw new LangfuseSettingsError(
        key,
        "is not a Langfuse setting (baseUrl, publicKey, secretKey, projectId)",
      );
    }
  }
  const text = (field: string, required: boolean): string | undefined => {
    const value = o[field];
    if (value === undefined || value === null || value === "") {
      if (required) throw new LangfuseSettingsError(field, "is required");
      return undefined;
    }
    if (typeof value !== "string") {
      throw new LangfuseSettingsError(field, `must be a string, got ${typeof value}`);
    }
    const trimmed = value.trim();
    if (trimmed === "" && required) throw new LangfuseSettingsError(field, "must not be blank");
    if ([...trimmed].some((c) => /\s/.test(c) || c.charCodeAt(0) < 0x20 || c === "\u007f")) {
      throw new LangfuseSettingsError(field, "must not contain spaces or control characters");
    }
    return trimmed === "" ? undefined : trimmed;
  };
  const rawUrl = text("baseUrl", true) as string;
  let url: URL | undefined;
  try {
    url = new URL(rawUrl);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw new LangfuseSettingsError(
      "baseUrl",
      `must be an http(s) URL such as http://localhost:3000, got ${JSON.stringify(rawUrl)}`,
    );
  }
  if (url.username || url.password) {
    throw new LangfuseSettingsError("baseUrl", "must not carry credentials; use the key fields");
  }
  if (url.search || url.hash) {
    throw new LangfuseSettingsError("baseUrl", "must not have a query or a fragment");
  }
  const publicKey = text("publicKey", true) as string;
  const secretKey = text("secretKey", true) as string;
  const projectId = text("projectId", false);
  return {
    baseUrl: url.toString().replace(/\/+$/, ""),
    publicKey,
    secretKey,
    ...(projectId ? { projectId } : {}),
  };
}

/** The `Authorization` header value for Langfuse's public API and OTLP route. */
export function langfuseBasicAuth(config: Pick<LangfuseConfig, "publicKey" | "secretKey">): string {
  return `Basic ${Buffer.from(`${config.publicKey}:${config.secretKey}`).toString("base64")}`;
}

/** A trace's `sentTo` entry for this Langfuse: the server and the project's (public) key. */
export function langfuseDestination(config: Pick<LangfuseConfig, "publicKey" | "baseUrl">): string {
  return `langfuse:${config.publicKey}@${config.baseUrl}`;
}

/** `{baseUrl}/project/{projectId}/traces/{traceId}`. */
export function langfuseTraceUrl(baseUrl: string, projectId: string, traceId: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/project/${encodeURIComponent(projectId)}/traces/${encodeURIComponent(traceId)}`;
}

/** Builds trace links; the project id is looked up at most once successfully, then cached. */
export class LangfuseLinks {
  private lookup: Promise<string | undefined> | undefined;
  private readonly fetchFn: typeof fetch;
  private readonly logger: Logger;
  private readonly timeoutMs: number;

  constructor(
    private readonly config: LangfuseConfig,
    options: { fetch?: typeof fetch; logger?: Logger; timeoutMs?: number } = {},
  ) {
    this.fetchFn = options.fetch ?? fetch;
    this.logger = options.logger ?? silentLogger;
    this.timeoutMs = options.timeoutMs ?? 5_000;
  }

  /** The project's id: from the config, else `GET /api/public/projects`; undefined if unknown. */
  projectId(): Promise<string | undefined> {
    if (this.config.projectId) return Promise.resolve(this.config.projectId);
    this.lookup ??= this.fetchProjectId().then((id) => {
      // A failed look-up is retried on the next call; a found id is kept.
      if (id === undefined) this.lookup = undefined;
      return id;
    });
    return this.lookup;
  }

  /** The trace's URL in Langfuse's UI, or undefined when the project id cannot be found. */
  async traceUrl(traceId: string): Promise<string | undefined> {
    const projectId = await this.projectId();
    return projectId === undefined
      ? undefined
      : langfuseTraceUrl(this.config.baseUrl, projectId, traceId);
  }

  private async fetchProjectId(): Promise<string | undefined> {
    const url = `${this.config.baseUrl}/api/public/projects`;
    try {
      const response = await this.fetchFn(url, {
        headers: { Authorization: langfuseBasicAuth(this.config), Accept: "application/json" },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (!response.ok) {
        this.logger.warn("langfuse: project look-up refused", { url, status: response.status });
        return undefined;
      }
      const body = (await response.json()) as { data?: { id?: unknown }[] };
      const id = body.data?.[0]?.id;
      return typeof id === "string" && id !== "" ? id : undefined;
    } catch (error) {
      this.logger.warn("langfuse: project look-up failed", { url, error: describeThrown(error) });
      return undefined;
    }
  }
}

/**
 * Asks Langfuse's project endpoint (`GET /api/public/projects`) with these keys, as Save does
 * before it saves: is something listening, is it Langfuse, do the keys open a project, and is it
 * the project id given. Resolves to the project's id; throws a LangfuseSettingsError naming the
 * field to fix otherwise.
 */
export async function checkLangfuseSettings(
  config: LangfuseConfig,
  options: { fetch?: typeof fetch; timeoutMs?: number } = {},
): Promise<string> {
  const url = `${config.baseUrl}/api/public/projects`;
  const timeoutMs = options.timeoutMs ?? 5_000;
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      headers: { Authorization: langfuseBasicAuth(config), Accept: "application/json" },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const why =
      (error as Error).name === "TimeoutError"
        ? `no answer within ${timeoutMs / 1000} s`
        : describeCause(error);
    throw new LangfuseSettingsError(
      "baseUrl",
      `nothing answers at ${config.baseUrl} (${why}); is Langfuse running there? (docker compose -f docker/compose.yaml up -d starts one)`,
    );
  }
  if (response.status === 401 || response.status === 403) {
    throw new LangfuseSettingsError(
      "secretKey",
      `Langfuse at ${config.baseUrl} refused these keys (HTTP ${response.status}); copy the public and secret key from the project's settings (API keys)`,
    );
  }
  let body: { data?: { id?: unknown }[] } | undefined;
  try {
    body = response.ok ? ((await response.json()) as typeof body) : undefined;
  } catch {
    body = undefined;
  }
  const projectId = body?.data?.[0]?.id;
  if (typeof projectId !== "string" || projectId === "") {
    throw new LangfuseSettingsError(
      "baseUrl",
      `${url} answered HTTP ${response.status} without a project; is ${config.baseUrl} Langfuse's base URL (the address of its web UI)?`,
    );
  }
  if (config.projectId && config.projectId !== projectId) {
    throw new LangfuseSettingsError(
      "projectId",
      `these keys belong to project ${projectId}, not ${config.projectId}; leave it empty to use the keys' project`,
    );
  }
  return projectId;
}

/** `ECONNREFUSED` and the like, from fetch's "fetch failed" and its cause. */
function describeCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? describeThrown(error);
}
