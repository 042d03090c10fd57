/**
 * Trust for the workspace's own config files. The workspace is untrusted input (a model, an MCP
 * client or a cloned repository may have written it), yet the app would start the commands of its
 * `mcp.json` and send keys from the environment where its `litellm_config.yaml` says. So, like
 * desktop MCP clients with a project's servers, such a file is used only once the user has seen
 * it and trusted that exact content (its SHA-256, kept in the TrustStore). The user's own files —
 * `$AGENTIC_HOME/mcp.json`, `--llm-config`, `LITELLM_CONFIG`, the app's config — need no trust.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "../core/logger.ts";
import { parseMcpConfigText } from "../interop/mcp-config.ts";
import { llmConfigEnvReferences } from "../llm/index.ts";
import { CallError } from "./call-error.ts";
import type { WorkspaceTrustItem } from "./contract.ts";
import { TrustStore } from "./trust-store.ts";

/** The workspace files that may need trust, by kind. */
export const WORKSPACE_TRUST_FILES = {
  mcp: "mcp.json",
  "llm-config": "litellm_config.yaml",
} as const satisfies Record<WorkspaceTrustItem["kind"], string>;

/** How to trust, for hints: the CLI command, the flag, the UI. */
export const TRUST_HINT =
  "look at it, then run `agentic trust` in the workspace (or pass --trust-workspace once), or press Trust in the workbench's banner";

/** A workspace file as read for trust, with the content that was hashed (never sent over the API). */
export interface WorkspaceFileRead extends WorkspaceTrustItem {
  text: string;
}

/** Thrown when trusting is refused: the file is not one that needs trust, or it changed. */
export class WorkspaceTrustError extends CallError {
  constructor(code: "TRUST_STALE" | "NOT_FOUND", message: string, hint?: string) {
    super(code, message, hint ? { hint } : {});
    this.name = "WorkspaceTrustError";
  }
}

/** The trust state of one workspace's files. */
export class WorkspaceTrust {
  readonly store: TrustStore;
  readonly workspaceRoot: string;

  constructor(options: { home: string; workspaceRoot: string; logger?: Logger }) {
    this.workspaceRoot = options.workspaceRoot;
    this.store = new TrustStore(options.home, options.logger ? { logger: options.logger } : {});
  }

  /** Reads the workspace's mcp.json and litellm_config.yaml (those present) and checks the store. */
  async read(): Promise<WorkspaceFileRead[]> {
    const trusted = await this.store.list();
    const kinds = Object.keys(WORKSPACE_TRUST_FILES) as WorkspaceTrustItem["kind"][];
    const read = await Promise.all(
      kinds.map(async (kind): Promise<WorkspaceFileRead | undefined> => {
        const file = path.join(this.workspaceRoot, WORKSPACE_TRUST_FILES[kind]);
        let bytes: Buffer;
        try {
          bytes = await readFile(file);
        } catch {
          // Missing (or unreadable, so unusable either way): nothing to trust.
          return undefined;
        }
        const sha256 = createHash("sha256").update(bytes).digest("hex");
        const text = bytes.toString("utf8");
        const item = summarise(kind, file, text);
        return {
          ...item,
          sha256,
          trusted: trusted.some((t) => t.path === file && t.sha256 === sha256),
          text,
        };
      }),
    );
    return read.filter((r): r is WorkspaceFileRead => r !== undefined);
  }

  /** What `read` gives, without the content: what the API and `agentic trust` show. */
  async items(): Promise<WorkspaceTrustItem[]> {
    return (await this.read()).map(withoutText);
  }

  /**
   * Trusts `file` if its content still hashes to `sha256`; resolves to the file as trusted.
   * A file changed since it was shown is refused, so what the user looked at is what runs.
   */
  async trust(file: string, sha256: string): Promise<WorkspaceFileRead> {
    const current = (await this.read()).find((r) => r.path === path.resolve(String(file)));
    if (!current) {
      throw new WorkspaceTrustError(
        "NOT_FOUND",
        `${file} is not an mcp.json or litellm_config.yaml of the workspace ${this.workspaceRoot}`,
        "list the files that need trust with `agentic trust --list` (or the workspaceTrust call)",
      );
    }
    if (current.sha256 !== sha256) {
      throw new WorkspaceTrustError(
        "TRUST_STALE",
        `${current.path} changed since it was shown (its SHA-256 is now ${current.sha256.slice(0, 12)}…, not ${String(sha256).slice(0, 12)}…); it is not trusted`,
      );
    }
    await this.store.trust(current.path, current.sha256);
    return { ...current, trusted: true };
  }

  /** Trusts every file that needs it, as it is now (`--trust-workspace`, `agentic trust`). */
  async trustAll(): Promise<WorkspaceFileRead[]> {
    const files = await this.read();
    for (const f of files) if (f.needsTrust && !f.trusted) await this.store.trust(f.path, f.sha256);
    return files.map((f) => (f.needsTrust ? { ...f, trusted: true } : f));
  }

  /** Forgets the trust of every workspace file; resolves to the paths that were trusted. */
  async revokeAll(): Promise<string[]> {
    const revoked: string[] = [];
    for (const name of Object.values(WORKSPACE_TRUST_FILES)) {
      const file = path.join(this.workspaceRoot, name);
      if (await this.store.revoke(file)) revoked.push(file);
    }
    return revoked;
  }
}

/** Whether a file may be used: it needs no trust, or this content is trusted. */
export function usable(file: WorkspaceFileRead | undefined): boolean {
  return file !== undefined && (!file.needsTrust || file.trusted);
}

export function withoutText({ text: _text, ...item }: WorkspaceFileRead): WorkspaceTrustItem {
  return item;
}

function summarise(
  kind: WorkspaceTrustItem["kind"],
  file: string,
  text: string,
): Omit<WorkspaceTrustItem, "sha256" | "trusted"> {
  if (kind === "mcp") {
    const servers = parseMcpConfigText(text, file).servers.map((s) => ({
      name: s.name,
      ...(s.command !== undefined ? { command: s.command, args: s.args ?? [] } : {}),
      ...(s.url !== undefined ? { url: s.url } : {}),
      ...(s.env ? { env: Object.keys(s.env) } : {}),
    }));
    // Any server, command or URL: desktop MCP clients ask for both.
    return { kind, path: file, needsTrust: servers.length > 0, servers };
  }
  const envVars = llmConfigEnvReferences(text);
  return { kind, path: file, needsTrust: envVars.length > 0, envVars };
}
