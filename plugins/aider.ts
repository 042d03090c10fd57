// @tools/aider: the seed's AiderExecutor as a plugin. Runs the `aider` command non-interactively in
// the workspace with a message and files, pointed at the LLM proxy (LiteLLM speaks the OpenAI API),
// and returns aider's output and the diff it made. Timeout and cancel kill aider's whole process
// tree. `executor = ToolRegistry.get("@tools/aider")` finds it like any tool.
import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { defineTool, ToolError } from "agentic-workbench";

/** What aider needs of the workbench's LLM proxy (`ctx.services.llm`). */
interface LLMService {
  overview(): Promise<{ mode: "proxy" | "direct" }>;
  complete(request: {
    modelGroup: string;
    messages: { role: "system" | "user" | "assistant"; content: string }[];
    temperature?: number;
    maxTokens?: number;
  }): Promise<
    | {
        ok: true;
        text: string;
        deployment: string;
        model: string;
        usage: { promptTokens: number; completionTokens: number; totalTokens: number };
      }
    | { ok: false; error: { code: string; message: string } }
  >;
}

const run = promisify(execFile);
const OUTPUT_LIMIT = 200_000;
const INSTALL_HINT =
  "install aider: `pipx install aider-chat` (or `pip install aider-chat` in a virtualenv), then make sure `aider` is on PATH or set AIDER_BIN to its path";

export const aider = defineTool({
  name: "@tools/aider",
  description:
    "Asks aider (an AI pair programmer) to edit files in the workspace, through the LLM proxy; returns aider's output and the diff it made.",
  deterministic: false,
  costPerInvocation: 0,
  version: "1.0.0",
  timeoutMs: 600_000,
  tags: ["aider", "code", "llm"],
  annotations: { destructive: true },
  parametersSchema: {
    type: "object",
    properties: {
      message: { type: "string", minLength: 1, description: "What aider should do." },
      files: {
        type: "array",
        items: { type: "string", minLength: 1 },
        description: "Files aider may edit, relative to the workspace.",
      },
      readOnlyFiles: {
        type: "array",
        items: { type: "string", minLength: 1 },
        description: "Files aider may read but not edit, relative to the workspace.",
      },
      model: {
        type: "string",
        minLength: 1,
        description: "LiteLLM model group. Default: $AIDER_MODEL_GROUP, else main.",
      },
      autoCommit: {
        type: "boolean",
        default: false,
        description: "Let aider commit its edits (default: leave them uncommitted).",
      },
    },
    required: ["message"],
    additionalProperties: false,
  },
  async invoke(params, ctx) {
    const root = ctx.workspaceRoot;
    const files = await confined(root, params.files ?? [], "/files");
    const readOnly = await confined(root, params.readOnlyFiles ?? [], "/readOnlyFiles");
    const executable = findAider();
    const group = params.model ?? process.env.AIDER_MODEL_GROUP ?? "main";
    // Proxy mode: aider talks to LiteLLM itself. Direct mode (no LiteLLM running): aider talks to
    // a relay on 127.0.0.1 that answers through the workbench's own LLM proxy — its routing,
    // retries and fallbacks, with the keys staying in the main process.
    const llm = ctx.services.llm as LLMService | undefined;
    const mode = llm ? (await llm.overview()).mode : "proxy";
    const relay = mode === "direct" && llm ? await startRelay(llm, ctx.signal) : undefined;
    const baseUrl =
      relay?.baseUrl ??
      (process.env.LITELLM_BASE_URL ?? "http://localhost:4000").replace(/\/+$/, "");
    const apiKey = relay?.key ?? process.env.LITELLM_API_KEY ?? "sk-agentic-workbench";
    const isRepo = await git(root, ["rev-parse", "--is-inside-work-tree"]).then(
      (out) => out.trim() === "true",
      () => false,
    );
    const before = await snapshot(root, isRepo, files);
    const scratch = await mkdtemp(path.join(os.tmpdir(), "agentic-aider-"));
    const args = [
      "--message",
      params.message,
      "--model",
      `openai/${group}`,
      "--yes-always",
      "--no-pretty",
      "--no-stream",
      "--no-fancy-input",
      "--no-check-update",
      "--no-show-release-notes",
      "--no-analytics",
      "--no-show-model-warnings",
      "--no-detect-urls",
      "--no-suggest-shell-commands",
      "--no-gitignore",
      "--map-tokens",
      "0",
      // Aider's history files go to a scratch folder, not the user's workspace.
      "--input-history-file",
      path.join(scratch, "input.history"),
      "--chat-history-file",
      path.join(scratch, "chat.history.md"),
      ...(params.autoCommit ? ["--auto-commits"] : ["--no-auto-commits", "--no-dirty-commits"]),
      ...(isRepo ? [] : ["--no-git"]),
      ...readOnly.flatMap((f) => ["--read", f]),
      ...files.flatMap((f) => ["--file", f]),
    ];
    ctx.progress({
      progress: 0,
      message: `running aider with openai/${group} at ${baseUrl} (${mode} mode)`,
    });
    try {
      const result = await runAider(executable, args, root, ctx.signal, {
        // LiteLLM's proxy (or our relay) speaks the OpenAI API; aider reaches it through these.
        OPENAI_API_BASE: baseUrl,
        OPENAI_API_KEY: apiKey,
        NO_COLOR: "1",
        TERM: "dumb",
      });
      const diff = await diffSince(root, isRepo, before, files);
      if (result.code !== 0) {
        throw new ToolError(`aider exited with code ${result.code}: ${tail(result.output, 600)}`, {
          details: { exitCode: result.code, output: result.output, diff },
          hint:
            mode === "direct"
              ? `direct mode: check that a deployment of the model group "${group}" answers (agentic llm models)`
              : `check that the LLM proxy answers at ${baseUrl} and knows the model group "${group}"`,
        });
      }
      ctx.progress({ progress: 1, total: 1, message: "aider finished" });
      return {
        exitCode: 0,
        output: result.output,
        diff,
        model: `openai/${group}`,
        baseUrl,
        mode,
        ...(relay ? { llmCalls: relay.calls } : {}),
      };
    } finally {
      await relay?.close();
      await rm(scratch, { recursive: true, force: true });
    }
  },
});

/** `AIDER_BIN`, else `aider` on PATH; a clear ToolError when there is none. */
function findAider(): string {
  const fromEnv = process.env.AIDER_BIN;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new ToolError(`aider is not installed: AIDER_BIN is ${fromEnv}, which does not exist`, {
      hint: INSTALL_HINT,
    });
  }
  const names = process.platform === "win32" ? ["aider.exe", "aider.cmd", "aider"] : ["aider"];
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (dir && existsSync(candidate)) return candidate;
    }
  }
  throw new ToolError("aider is not installed (no `aider` command on PATH)", {
    details: { install: ["pipx install aider-chat", "pip install aider-chat"] },
    hint: INSTALL_HINT,
  });
}

/** Workspace-relative paths that stay inside the workspace (after resolving symlinks). */
async function confined(root: string, files: string[], pointer: string): Promise<string[]> {
  const out: string[] = [];
  for (const [i, file] of files.entries()) {
    const full = path.resolve(root, file);
    let real = full;
    try {
      real = await realpath(full);
    } catch {
      // A file aider is to create does not exist yet; its folder must still be inside.
      real = path.join(
        await realpath(path.dirname(full)).catch(() => path.dirname(full)),
        path.basename(full),
      );
    }
    if (real !== root && !real.startsWith(root + path.sep)) {
      throw new ToolError(`${pointer}/${i}: ${JSON.stringify(file)} leads outside the workspace`, {
        details: { field: `${pointer}/${i}` },
        hint: "pass paths relative to the workspace",
      });
    }
    out.push(path.relative(root, real));
  }
  return out;
}

interface Snapshot {
  /** A commit holding the work tree as it was (git repositories). */
  base?: string;
  untracked: Set<string>;
  /** Contents of the named files (folders that are not git repositories). */
  contents: Map<string, string | undefined>;
}

async function snapshot(root: string, isRepo: boolean, files: string[]): Promise<Snapshot> {
  const contents = new Map<string, string | undefined>();
  if (!isRepo) {
    for (const f of files)
      contents.set(f, await readFile(path.join(root, f), "utf8").catch(() => undefined));
    return { untracked: new Set(), contents };
  }
  // `git stash create` writes a commit of the dirty tree without touching refs or files.
  const stash = (await git(root, ["stash", "create"]).catch(() => "")).trim();
  const head = (await git(root, ["rev-parse", "--verify", "-q", "HEAD"]).catch(() => "")).trim();
  const untracked = await git(root, ["ls-files", "--others", "--exclude-standard", "-z"]).catch(
    () => "",
  );
  return {
    ...(stash || head ? { base: stash || head } : {}),
    untracked: new Set(untracked.split("\0").filter(Boolean)),
    contents,
  };
}

/** The unified diff of what changed since the snapshot. */
async function diffSince(
  root: string,
  isRepo: boolean,
  before: Snapshot,
  files: string[],
): Promise<string> {
  const parts: string[] = [];
  if (isRepo) {
    if (before.base)
      parts.push(
        await git(root, ["diff", "--no-color", "--no-ext-diff", before.base]).catch(() => ""),
      );
    const untracked = await git(root, ["ls-files", "--others", "--exclude-standard", "-z"]).catch(
      () => "",
    );
    for (const file of untracked.split("\0").filter(Boolean)) {
      if (!before.untracked.has(file)) parts.push(await noIndexDiff(root, "/dev/null", file));
    }
    return parts.join("");
  }
  const scratch = await mkdtemp(path.join(os.tmpdir(), "agentic-aider-diff-"));
  try {
    for (const f of files) {
      const old = before.contents.get(f);
      const now = await readFile(path.join(root, f), "utf8").catch(() => undefined);
      if (old === now) continue;
      const oldPath = path.join(scratch, "old");
      await writeFile(oldPath, old ?? "");
      parts.push(
        (await noIndexDiff(root, old === undefined ? "/dev/null" : oldPath, f)).replaceAll(
          oldPath,
          f,
        ),
      );
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return parts.join("");
}

async function noIndexDiff(root: string, a: string, b: string): Promise<string> {
  // `git diff --no-index` exits 1 when the files differ; the diff is on stdout either way.
  return git(root, ["diff", "--no-color", "--no-ext-diff", "--no-index", "--", a, b]).catch(
    (error: { stdout?: string }) => error.stdout ?? "",
  );
}

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run("git", ["-c", "core.fsmonitor=false", ...args], {
    cwd,
    maxBuffer: 20 * 1024 * 1024,
    env: { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_PAGER: "cat" },
  });
  return stdout;
}

/** Runs aider in its own process group so cancellation can kill it and everything it started. */
function runAider(
  executable: string,
  args: string[],
  cwd: string,
  signal: AbortSignal,
  env: Record<string, string>,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(executable, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
      detached: process.platform !== "win32",
    });
    let output = "";
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-OUTPUT_LIMIT);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    const onAbort = () => killTree(child.pid);
    signal.addEventListener("abort", onAbort, { once: true });
    child.once("error", (error: NodeJS.ErrnoException) => {
      signal.removeEventListener("abort", onAbort);
      reject(
        error.code === "ENOENT"
          ? new ToolError(`aider is not installed (${executable} not found)`, {
              hint: INSTALL_HINT,
            })
          : error,
      );
    });
    child.once("close", (code, sig) => {
      signal.removeEventListener("abort", onAbort);
      resolve({ code: code ?? (sig ? 128 : 1), output });
    });
  });
}

/** SIGTERM to the process group, SIGKILL two seconds later if anything is left. */
function killTree(pid: number | undefined): void {
  if (pid === undefined) return;
  if (process.platform === "win32") {
    spawn("taskkill", ["/pid", String(pid), "/T", "/F"], { stdio: "ignore" });
    return;
  }
  const signalGroup = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      // Already gone.
    }
  };
  signalGroup("SIGTERM");
  setTimeout(() => signalGroup("SIGKILL"), 2_000).unref();
}

function tail(text: string, chars: number): string {
  const trimmed = text.trim();
  return trimmed.length > chars ? `…${trimmed.slice(-chars)}` : trimmed;
}

/**
 * An OpenAI-compatible `chat/completions` endpoint on 127.0.0.1, for one aider run in direct
 * mode: each request is answered by the workbench's LLM proxy. It takes a bearer key made for
 * this run only, so nothing else on the machine can spend through it.
 */
async function startRelay(
  llm: LLMService,
  signal: AbortSignal,
): Promise<{ baseUrl: string; key: string; calls: number; close(): Promise<void> }> {
  const key = `sk-relay-${randomBytes(16).toString("hex")}`;
  const state = { calls: 0 };
  const server = createServer((req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${key}`) {
      reply(401, { error: { message: "this relay serves one aider run only" } });
      return;
    }
    if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
      reply(404, { error: { message: `${req.method} ${req.url} is not served here` } });
      return;
    }
    void readJson(req).then(
      async (body) => {
        state.calls++;
        const answer = await llm.complete({
          modelGroup: String(body.model ?? "main").replace(/^openai\//, ""),
          messages: (Array.isArray(body.messages) ? body.messages : []).map(plainMessage),
          ...(typeof body.temperature === "number" ? { temperature: body.temperature } : {}),
          ...(typeof body.max_tokens === "number" ? { maxTokens: body.max_tokens } : {}),
        });
        if (!answer.ok) {
          reply(502, { error: { message: answer.error.message, code: answer.error.code } });
          return;
        }
        reply(200, {
          id: `chatcmpl-${randomBytes(8).toString("hex")}`,
          object: "chat.completion",
          created: Math.floor(Date.now() / 1000),
          model: answer.model,
          choices: [
            {
              index: 0,
              message: { role: "assistant", content: answer.text },
              finish_reason: "stop",
            },
          ],
          usage: {
            prompt_tokens: answer.usage.promptTokens,
            completion_tokens: answer.usage.completionTokens,
            total_tokens: answer.usage.totalTokens,
          },
        });
      },
      (error: unknown) => reply(400, { error: { message: (error as Error).message } }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  signal.addEventListener("abort", () => void close(), { once: true });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    key,
    get calls() {
      return state.calls;
    },
    close,
  };
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 32 * 1024 * 1024) throw new Error("request body over 32 MiB");
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
}

/** OpenAI messages may carry content as parts; the proxy takes text. */
function plainMessage(message: { role?: unknown; content?: unknown }): {
  role: "system" | "user" | "assistant";
  content: string;
} {
  const role = message.role === "system" || message.role === "assistant" ? message.role : "user";
  const content = Array.isArray(message.content)
    ? message.content
        .map((part: { text?: unknown }) => (typeof part.text === "string" ? part.text : ""))
        .join("")
    : String(message.content ?? "");
  return { role, content };
}
