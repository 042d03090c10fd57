/**
 * Hostile suite for issue 13 §2: a parent folder that another process keeps swapping between a
 * link inside the workspace and a link outside it. Every @file/write either lands inside or is
 * refused; none lands outside. Bounded: 150 writes against a swapper that stops by itself.
 */
import { spawn } from "node:child_process";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/temp-dir.ts";
import { registryFor } from "./registry-for.ts";

/** Swaps W/p between a link to W/inside and a link to O by atomic renames, until told to stop. */
const SWAPPER = `
const fs = require("node:fs");
const [W, O] = process.argv.slice(1);
const end = Date.now() + 30000;
let swaps = 0;
// A busy loop never sees a signal handler run: it polls for a stop file instead.
while (Date.now() < end && !(swaps % 500 === 0 && fs.existsSync(W + "/stop"))) {
  for (const [name, to] of [["l-in", W + "/inside"], ["l-out", O]]) {
    try { fs.symlinkSync(to, W + "/" + name); } catch {}
    fs.renameSync(W + "/" + name, W + "/p");
    swaps++;
  }
  if (swaps % 2000 === 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
}
process.stdout.write(String(swaps));
`;

describe("a parent folder swapped between inside and outside while writing", () => {
  it("no write lands outside; each lands inside or is refused", async () => {
    const W = await tempDir("agentic-race-ws-");
    const O = await tempDir("agentic-race-out-");
    await mkdir(path.join(W, "inside"));
    await writeFile(path.join(O, "secret.txt"), "SECRET");
    const registry = registryFor(W);
    const swapper = spawn(process.execPath, ["-e", SWAPPER, W, O], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let swaps = "";
    swapper.stdout.on("data", (chunk) => {
      swaps += chunk;
    });
    const exited = new Promise((resolve) => swapper.on("exit", resolve));
    try {
      // Let the swapper start before the first write.
      await new Promise((resolve) => setTimeout(resolve, 200));
      let landed = 0;
      let refused = 0;
      for (let i = 0; i < 150; i++) {
        const mode = i % 2 === 0 ? "create" : "overwrite";
        const result = await registry.invoke("@file/write", {
          path: `p/f${i}.txt`,
          content: `write ${i}`,
          mode,
        });
        if (result.ok) landed++;
        else {
          refused++;
          expect(result.error.code).toBe("TOOL_ERROR");
          expect(result.error.message).toMatch(
            /refused: (a symbolic link in the path leads outside the workspace|its folder changed while writing|a symbolic link in the path points to a missing target)/,
          );
        }
      }
      expect(landed + refused).toBe(150);
      // The race was real: some writes went through the inside link, others were refused.
      expect(landed).toBeGreaterThan(0);
      expect(refused).toBeGreaterThan(0);
      expect(await readdir(O)).toEqual(["secret.txt"]);
      const inside = (await readdir(path.join(W, "inside"))).filter((n) => !n.endsWith(".tmp"));
      expect(inside).toHaveLength(landed);
      expect((await readdir(path.join(W, "inside"))).filter((n) => n.endsWith(".tmp"))).toEqual([]);
    } finally {
      await writeFile(path.join(W, "stop"), "");
      await exited;
    }
    expect(Number(swaps)).toBeGreaterThan(100);
  }, 60_000);
});
