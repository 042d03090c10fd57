/**
 * The files the workspace tools refuse, in one place. The workspace is untrusted input: a model or
 * an MCP client drives @file/write, so it must not plant a file that this app or git later trusts
 * to run code (hooks, config, servers, plugins, packages) or to hold secrets. Each rule has an id
 * a user can name in `AGENTIC_UNPROTECT` to widen what the tools may touch, deliberately.
 */
import { realpath } from "node:fs/promises";
import path from "node:path";
import type { ToolContext } from "../core/protocol.ts";
import { isInside, refuse } from "./workspace-path.ts";

/** The key of the guard in `ctx.services`, handed in by the host. */
export const PROTECTED_PATHS_SERVICE = "protectedPaths";

/** The environment variable listing rule ids to lift (comma-separated), e.g. `node_modules`. */
export const UNPROTECT_ENV = "AGENTIC_UNPROTECT";

/** What the host knows that the rules need: the app's own folders, and what the user lifted. */
export interface ProtectedPathsOptions {
  /** `$AGENTIC_HOME`: settings, history, traces, the user's plugins and mcp.json. */
  agenticHome?: string;
  /** The plugin folders the loader imports code from (asked for at each check). */
  pluginDirs?: () => readonly string[];
  /** Rule ids the user lifted on purpose (from `AGENTIC_UNPROTECT`). */
  unprotect?: readonly string[];
}

/** A rule matching a path inside the workspace by one of its names. */
interface NameRule {
  id: string;
  /** Matches any folder or file of this name at any depth (case-insensitive). */
  segment?: string;
  /** Matches a file of this name at any depth (case-insensitive). */
  basename?: string;
  reason: string;
}

/** Refused for @file/write anywhere in the workspace. Shown in the README's security section. */
export const WORKSPACE_RULES: readonly NameRule[] = [
  { id: ".git", segment: ".git", reason: "git runs hooks and programs named in its config" },
  {
    id: "node_modules",
    segment: "node_modules",
    reason: "packages there run when they are imported or installed",
  },
  { id: "mcp.json", basename: "mcp.json", reason: "it names MCP server commands the app starts" },
  {
    id: "litellm_config.yaml",
    basename: "litellm_config.yaml",
    reason: "it chooses where prompts go and which environment variables hold API keys",
  },
  {
    id: ".gitmodules",
    basename: ".gitmodules",
    reason: "it can name commands that `git submodule update` runs",
  },
];

/** Files in `$AGENTIC_HOME` that @file/read refuses: they hold secrets and every past result. */
const HOME_SECRETS = /^(settings\.json|history[^/]*|traces(\/.*)?)$/i;

/** Lifts the rules named in `AGENTIC_UNPROTECT` (ids as in the README). */
export function unprotectedFromEnv(env: NodeJS.ProcessEnv): string[] {
  return (env[UNPROTECT_ENV] ?? "")
    .split(",")
    .map((id) => id.trim())
    .filter((id) => id !== "");
}

function optionsOf(ctx: Pick<ToolContext, "services">): ProtectedPathsOptions {
  return (ctx.services[PROTECTED_PATHS_SERVICE] as ProtectedPathsOptions | undefined) ?? {};
}

/** Whether the user lifted rule `id` (see `AGENTIC_UNPROTECT`). */
export function isLifted(ctx: Pick<ToolContext, "services">, id: string): boolean {
  return optionsOf(ctx).unprotect?.includes(id) ?? false;
}

/**
 * Refuses a write to `real` (the real path the write will land on, symlinks resolved) when a rule
 * protects it. `field` and `requested` name what the caller gave, for the message.
 */
export async function refuseProtectedWrite(
  ctx: Pick<ToolContext, "services" | "workspaceRoot">,
  real: string,
  requested: string,
  field = "path",
): Promise<void> {
  const options = optionsOf(ctx);
  const root = await realpath(ctx.workspaceRoot);
  const names = path.relative(root, real).split(path.sep);
  const base = (names[names.length - 1] ?? "").toLowerCase();
  for (const rule of WORKSPACE_RULES) {
    if (isLifted(ctx, rule.id)) continue;
    const hit =
      (rule.segment !== undefined && names.some((n) => n.toLowerCase() === rule.segment)) ||
      (rule.basename !== undefined && base === rule.basename);
    if (hit) throw protectedRefusal(field, requested, rule.id, rule.reason);
  }
  if (options.agenticHome && !isLifted(ctx, "agentic-home")) {
    if (isInside(await realOrAsIs(options.agenticHome), real)) {
      throw protectedRefusal(
        field,
        requested,
        "agentic-home",
        "it is in $AGENTIC_HOME, which holds the app's settings, history, plugins and servers",
      );
    }
  }
  if (!isLifted(ctx, "plugins")) {
    for (const dir of options.pluginDirs?.() ?? []) {
      if (isInside(await realOrAsIs(dir), real)) {
        throw protectedRefusal(field, requested, "plugins", "the app imports code from there");
      }
    }
  }
}

/** Refuses reading the secrets the app keeps in `$AGENTIC_HOME` (settings, history, traces). */
export async function refuseProtectedRead(
  ctx: Pick<ToolContext, "services">,
  real: string,
  requested: string,
  field = "path",
): Promise<void> {
  const home = optionsOf(ctx).agenticHome;
  if (!home || isLifted(ctx, "agentic-home")) return;
  const realHome = await realOrAsIs(home);
  if (!isInside(realHome, real)) return;
  const relative = path.relative(realHome, real).split(path.sep).join("/");
  if (HOME_SECRETS.test(relative)) {
    throw protectedRefusal(
      field,
      requested,
      "agentic-home",
      "it is the app's settings, history or traces in $AGENTIC_HOME, which may hold secrets",
    );
  }
}

function protectedRefusal(field: string, requested: string, id: string, reason: string) {
  return refuse(
    field,
    requested,
    `it is a protected path (${id}): ${reason}`,
    `the workspace tools never touch it; to allow it on purpose, start the app with ${UNPROTECT_ENV}=${id}`,
  );
}

async function realOrAsIs(p: string): Promise<string> {
  return realpath(p).catch(() => path.resolve(p));
}
