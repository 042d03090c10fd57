/**
 * The `workbench` fixture: a fresh workspace, plugin folder and AGENTIC_HOME, and a page showing
 * the workbench — served by the real `agentic serve` (web project) or the real Electron app
 * (electron project). Console errors fail the test: the UI must run clean.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {
  test as base,
  type ElectronApplication,
  _electron as electron,
  expect,
  type Page,
} from "@playwright/test";
import { root as repoRoot } from "../scripts/build-if-stale.mjs";
import { electronBinary } from "../scripts/electron-binary.mjs";

export interface Workbench {
  page: Page;
  workspace: string;
  pluginsDir: string;
  home: string;
  consoleErrors: string[];
}

async function serve(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [path.join(repoRoot, "bin", "agentic.js"), ...args, "serve"],
    {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`agentic serve printed no URL:\n${output}`)),
      30_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /serving at (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) =>
      reject(new Error(`agentic serve exited with ${code}:\n${output}`)),
    );
  });
  return { child, url };
}

/** The built-in tools (7) and the tools of the app's example plugins (4). */
const BUILT_IN_AND_EXAMPLE_TOOLS = 11;

export const test = base.extend<{ workbench: Workbench; extraEnv: Record<string, string> }>({
  /** Extra environment for the host (e.g. Langfuse keys); a spec overrides it with its own fixture. */
  extraEnv: [{}, { option: true }],
  workbench: async ({ browser, extraEnv }, use, testInfo) => {
    const root = await realpath(await mkdtemp(path.join(os.tmpdir(), "agentic-e2e-")));
    const workspace = path.join(root, "workspace");
    const pluginsDir = path.join(root, "plugins");
    const home = path.join(root, "home");
    await Promise.all([workspace, pluginsDir, home].map((d) => mkdir(d, { recursive: true })));
    await writeFile(path.join(workspace, "hello.txt"), "Hello from the workspace.\nSecond line.\n");
    const env = { ...process.env, ...extraEnv, AGENTIC_HOME: home };
    const consoleErrors: string[] = [];
    const watch = (page: Page) => {
      page.on("console", (m) => {
        if (m.type() === "error") consoleErrors.push(m.text());
      });
      page.on("pageerror", (e) => consoleErrors.push(e.message));
    };

    let stop: () => Promise<void>;
    let page: Page;
    if (testInfo.project.name === "electron") {
      const binary = electronBinary();
      if (!binary) throw new Error("electron project without an Electron binary");
      const app: ElectronApplication = await electron.launch({
        executablePath: binary,
        args: [repoRoot, "--workspace", workspace, "--plugins-dir", pluginsDir],
        env: env as Record<string, string>,
      });
      page = await app.firstWindow();
      watch(page);
      stop = () => app.close();
    } else {
      const { child, url } = await serve(
        ["--workspace", workspace, "--plugins-dir", pluginsDir],
        env,
      );
      const context = await browser.newContext();
      page = await context.newPage();
      watch(page);
      await page.goto(url);
      stop = async () => {
        await context.close();
        child.kill("SIGTERM");
      };
    }
    await expect(page.locator(".tool-row").first()).toBeVisible();
    // The built-in tools show first and the app's example plugins join the list as they load:
    // wait for them, so a click does not land on a row that moved as the list grew.
    await expect
      .poll(
        async () =>
          Number(/^(\d+)/.exec((await page.getByTestId("tool-count").textContent()) ?? "")?.[1]),
        {
          timeout: 30_000,
        },
      )
      .toBeGreaterThanOrEqual(BUILT_IN_AND_EXAMPLE_TOOLS);
    await use({ page, workspace, pluginsDir, home, consoleErrors });
    await stop();
    await rm(root, { recursive: true, force: true });
    expect(consoleErrors, "errors in the browser console").toEqual([]);
  },
});

export { expect };

/** Selects a tool in the list by its exact name. */
export async function openTool(page: Page, name: string): Promise<void> {
  // Traces, LLM and Plugins have no tool list: go to Tools first, as a user would.
  if ((await page.locator(".tool-list").count()) === 0)
    await page
      .getByRole("navigation", { name: "Views" })
      .getByRole("button", { name: "Tools" })
      .click();
  // Clicked again if the list moved under the pointer (a plugin's tools joining it).
  await expect(async () => {
    await page
      .locator(".tool-row", {
        has: page.locator(".tool-name", {
          hasText: new RegExp(`^${name.replace(/[/.@-]/g, "\\$&")}$`),
        }),
      })
      .click();
    await expect(page.locator(".tool-head h1")).toContainText(name, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}

/**
 * Saves a screenshot of a main view (web project only, so the projects do not race): into
 * docs/screenshots for the README when UPDATE_SCREENSHOTS=1, else under test-results.
 */
export async function screenshot(page: Page, name: string, projectName: string): Promise<void> {
  if (projectName !== "web") return;
  const dir = process.env.UPDATE_SCREENSHOTS
    ? path.join(repoRoot, "docs", "screenshots")
    : path.join(repoRoot, "test-results", "screenshots");
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}
