/** Temporary folders for tests, removed after each test file. */
import { mkdtemp, realpath, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";

const created: string[] = [];

/** A new empty folder (real path, symlinks resolved) removed when the test file ends. */
export async function tempDir(prefix = "agentic-test-"): Promise<string> {
  const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), prefix)));
  created.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});
