/** A temporary git repository with one commit of the given files, for the git and aider tests. */
import { execFileSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { tempDir } from "./temp-dir.ts";

/** A new repository (removed after the test file) whose first commit holds `files`. */
export async function committedRepo(
  files: Record<string, string>,
  prefix = "agentic-repo-",
): Promise<string> {
  const dir = await tempDir(prefix);
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir });
  git("init", "-q", ".");
  git("config", "user.email", "test@example.com");
  git("config", "user.name", "test");
  for (const [name, content] of Object.entries(files)) {
    await writeFile(path.join(dir, name), content);
  }
  git("add", ".");
  git("commit", "-qm", "init");
  return dir;
}
