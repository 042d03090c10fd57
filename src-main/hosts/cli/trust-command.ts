/**
 * `agentic trust [--list] [--revoke] [--json]`: what the workspace's mcp.json would start and which
 * environment variables its litellm_config.yaml reads, and the user's decision about them. Without
 * a flag it trusts the files as they are now; an edited file needs trusting again. Over the
 * Workbench API, as the UI's trust banner: `workspaceTrust`, `trustWorkspaceFile`,
 * `revokeWorkspaceTrust`.
 */
import type { WorkbenchCalls, WorkspaceTrustItem } from "../../api/contract.ts";
import { EXIT, printJson } from "./output.ts";

export async function trustWorkspace(
  api: WorkbenchCalls,
  options: { list?: boolean; revoke?: boolean; json?: boolean },
): Promise<number> {
  const { workspaceRoot } = await api.info();
  const before = await api.workspaceTrust();
  let done: { trusted?: string[]; revoked?: string[] } = {};
  let files = before;
  if (options.revoke) {
    done = { revoked: await api.revokeWorkspaceTrust() };
    files = await api.workspaceTrust();
  } else if (!options.list) {
    // Each as shown: a file changed since is refused (TRUST_STALE) rather than trusted unseen.
    const newly = before.filter((f) => f.needsTrust && !f.trusted);
    for (const f of newly) files = await api.trustWorkspaceFile(f.path, f.sha256);
    done = { trusted: newly.map((f) => f.path) };
  }
  if (options.json) {
    printJson({ workspace: workspaceRoot, files, ...done });
    return EXIT.ok;
  }
  process.stdout.write(render(workspaceRoot, files));
  for (const file of done.trusted ?? []) process.stdout.write(`trusted ${file}\n`);
  for (const file of done.revoked ?? []) process.stdout.write(`no longer trusted: ${file}\n`);
  if (files.some((f) => f.needsTrust && !f.trusted)) {
    process.stdout.write(
      "not used until trusted: run `agentic trust` here (or pass --trust-workspace once)\n",
    );
  }
  return EXIT.ok;
}

function render(workspace: string, files: WorkspaceTrustItem[]): string {
  if (files.length === 0) {
    return `the workspace ${workspace} has no mcp.json or litellm_config.yaml: nothing to trust\n`;
  }
  const lines = [`workspace ${workspace}`];
  for (const f of files) {
    const state = !f.needsTrust ? "needs no trust" : f.trusted ? "trusted" : "NOT TRUSTED";
    lines.push(`${f.path}  ${state}  (sha256 ${f.sha256.slice(0, 16)}…)`);
    for (const s of f.servers ?? []) {
      const what = s.url
        ? `connects to ${s.url}`
        : `runs ${[s.command, ...(s.args ?? [])].join(" ")}`;
      lines.push(
        `  server ${s.name}: ${what}${s.env?.length ? `  (sets ${s.env.join(", ")})` : ""}`,
      );
    }
    if (f.kind === "llm-config") {
      lines.push(
        f.envVars?.length
          ? `  reads environment variables: ${f.envVars.join(", ")}`
          : "  reads no environment variable",
      );
    }
  }
  return `${lines.join("\n")}\n`;
}
