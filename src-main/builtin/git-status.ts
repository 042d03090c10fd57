/** `@git/status`: the workspace repository's branch and changed files. */
import { defineTool } from "../core/define-tool.ts";
import { SUBMODULES, withRepository } from "./git-client.ts";

export const gitStatus = defineTool({
  name: "@git/status",
  description:
    "Shows the branch, upstream distance and the staged, unstaged and untracked files of the workspace's git repository.",
  deterministic: false,
  costPerInvocation: 0,
  version: "1.0.0",
  tags: ["git"],
  annotations: { readOnly: true, destructive: false },
  parametersSchema: { type: "object", properties: {}, additionalProperties: false },
  async invoke(_params, ctx) {
    // "." limits the listing to the workspace when the repository's root is above it.
    const status = await withRepository(ctx.workspaceRoot, (git) =>
      git.status(["--untracked-files=all", SUBMODULES, "--", "."]),
    );
    return {
      branch: status.current,
      tracking: status.tracking,
      ahead: status.ahead,
      behind: status.behind,
      detached: status.detached,
      clean: status.isClean(),
      staged: status.files
        .filter((f) => f.index !== " " && f.index !== "?")
        .map((f) => ({ path: f.path, status: f.index })),
      unstaged: status.files
        .filter((f) => f.working_dir !== " " && f.working_dir !== "?")
        .map((f) => ({ path: f.path, status: f.working_dir })),
      untracked: status.not_added,
      conflicted: status.conflicted,
    };
  },
});
