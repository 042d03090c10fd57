/** `@git/diff`: the workspace repository's unstaged or staged changes as a unified diff. */
import { defineTool } from "../core/define-tool.ts";
import { refuseOptionLike, SUBMODULES, withRepository } from "./git-client.ts";
import { resolveInWorkspace } from "./workspace-path.ts";

const DEFAULT_MAX_BYTES = 256 * 1024;

export const gitDiff = defineTool({
  name: "@git/diff",
  description:
    "Shows unstaged (default) or staged changes as a unified diff, optionally limited to paths, with a byte limit.",
  deterministic: false,
  costPerInvocation: 0,
  version: "1.0.0",
  tags: ["git"],
  annotations: { readOnly: true, destructive: false },
  parametersSchema: {
    type: "object",
    properties: {
      staged: {
        type: "boolean",
        default: false,
        description: "Diff the index against HEAD instead of the work tree against the index.",
      },
      paths: {
        type: "array",
        items: { type: "string", minLength: 1 },
        maxItems: 100,
        description: "Limit the diff to these paths (relative to the workspace).",
      },
      maxBytes: {
        type: "integer",
        minimum: 1,
        maximum: 16777216,
        default: DEFAULT_MAX_BYTES,
        description: "Truncate the diff beyond this many bytes.",
      },
    },
    additionalProperties: false,
  },
  async invoke(params, ctx) {
    const maxBytes = params.maxBytes ?? DEFAULT_MAX_BYTES;
    const pathspecs: string[] = [];
    for (const [i, p] of (params.paths ?? []).entries()) {
      refuseOptionLike(`paths/${i}`, p);
      const resolved = await resolveInWorkspace(ctx.workspaceRoot, p, `paths/${i}`);
      // A literal pathspec: git's glob and magic syntax (":(top)", "*") is not interpreted.
      pathspecs.push(`:(literal)${resolved.absolute}`);
    }
    // No driver can be configured in our git directory; these say so once more.
    const args = ["--no-ext-diff", "--no-textconv", "--no-color", SUBMODULES];
    if (params.staged) args.push("--cached");
    args.push("--", ...(pathspecs.length > 0 ? pathspecs : ["."]));
    const [diff, summary] = await withRepository(ctx.workspaceRoot, (git) =>
      Promise.all([git.diff(args), git.diffSummary(args)]),
    );
    const bytes = Buffer.byteLength(diff);
    const truncated = bytes > maxBytes;
    return {
      staged: params.staged ?? false,
      diff: truncated ? Buffer.from(diff).subarray(0, maxBytes).toString("utf8") : diff,
      bytes,
      truncated,
      files: summary.files.map((f) => ({
        path: unquotePath(f.file),
        insertions: "insertions" in f ? f.insertions : 0,
        deletions: "deletions" in f ? f.deletions : 0,
        binary: f.binary,
      })),
      insertions: summary.insertions,
      deletions: summary.deletions,
    };
  },
});

/** The byte of each C escape git uses when it quotes a path. */
const C_ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13 };

/**
 * git's --stat output (which diffSummary parses) C-quotes unusual names: `"a\"b"`, and bytes
 * over 0x7f as octal (`"\303\251.txt"` for é.txt). Gives back the name as it is on disk.
 */
function unquotePath(name: string): string {
  if (name.length < 2 || !name.startsWith('"') || !name.endsWith('"')) return name;
  const body = name.slice(1, -1);
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const char = body[i] as string;
    if (char !== "\\") {
      bytes.push(...Buffer.from(char));
      continue;
    }
    const next = body[++i] ?? "";
    if (/^[0-7]{3}$/.test(body.slice(i, i + 3))) {
      bytes.push(Number.parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else {
      bytes.push(C_ESCAPES[next] ?? next.charCodeAt(0));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}
