/**
 * Child process of kill-loop.test.ts: writes files with `@file/write` in the workspace argv[2],
 * numbered from argv[3]: new files (mode create) and four files replaced again and again (mode
 * overwrite), each of random size and self-describing, so a reader can tell a whole file from a
 * half-written one. Prints `ack N FILE` once write N is acknowledged, until killed.
 */
import { builtinTools } from "../../src-main/builtin/index.ts";
import { ToolRegistry } from "../../src-main/core/registry.ts";

const [workspaceRoot, first] = process.argv.slice(2);
if (!workspaceRoot || !first) throw new Error("usage: file-writer.ts WORKSPACE FIRST");
const registry = new ToolRegistry({ workspaceRoot });
for (const tool of builtinTools()) registry.register(tool);

/** The content of write `n` to `file`: a header, a random-length body and an end marker. */
export function contentFor(n: number, file: string, bodyLength: number): string {
  return `${JSON.stringify({ n, file, bodyLength })}\n${"x".repeat(bodyLength)}\nEND ${n}\n`;
}

process.stdout.write("ready\n");
for (let n = Number(first); ; n++) {
  const create = n % 3 === 0;
  const file = create ? `new/${n}.txt` : `slot-${n % 4}.txt`;
  const bodyLength = Math.floor(Math.random() * 400_000);
  const result = await registry.invoke("@file/write", {
    path: file,
    content: contentFor(n, file, bodyLength),
    mode: create ? "create" : "overwrite",
    createParents: true,
  });
  if (!result.ok) {
    process.stderr.write(`write ${n} failed: ${result.error.message}\n`);
    process.exit(1);
  }
  process.stdout.write(`ack ${n} ${file}\n`);
}
