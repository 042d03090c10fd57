/**
 * The web UI, driven in Chromium (playwright-core): how long the host takes from spawn to a
 * painted tool list, how long a search keystroke takes to paint with 1,000 tools, and how long a
 * 200-field form takes to render.
 *
 * Every host is `node bin/agentic.js serve` in a subprocess, with a throw-away AGENTIC_HOME, plugin
 * folder and workspace, against the renderer freshly built into out/renderer.
 *
 * How "painted" is measured (all three rows): a MutationObserver notices the DOM change that shows
 * the result, then `requestAnimationFrame` + a MessageChannel message: the rAF callback runs at the
 * start of the next frame, before its style, layout and paint, and the message task runs right
 * after that frame's main-thread work (paint included) is done. So a figure runs to the end of the
 * frame that paints the result, one frame-wait included, not to the pixels reaching the screen
 * (the compositor rasterises after that, off the main thread). As a cross-check while writing
 * this, Chromium's Event Timing API (which runs to presentation, in 8 ms steps) gave 16–24 ms for
 * keydowns this method put at 12–25 ms.
 */

import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { median, quantile } from "./stats.ts";

export const UI_TARGETS = { startMs: 700, keystrokeMs: 50, formMs: 100 };

/** One row of the table, in milliseconds. */
export interface UiRow {
  key: "start" | "search" | "form";
  label: string;
  /** Measured samples (warm-ups excluded). */
  samples: number[];
  medianMs: number;
  p99Ms: number;
  targetMs: number;
  /** Medians of the phases the time splits into, in order; they add up to about the total. */
  phases: { label: string; medianMs: number }[];
}

export interface UiSuite {
  rows: UiRow[];
  browser: string;
  runs: { start: number; keystrokes: number; forms: number };
  warmups: { start: number; keystrokes: number; forms: number };
  /** Tools the search and form rows ran against (generated + built-in + the app's examples). */
  toolCount: number;
}

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CLI = path.join(ROOT, "bin", "agentic.js");
const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

const START_RUNS = 5;
const START_WARMUPS = 1;
const KEYSTROKES = 30; // 15 characters typed, each then deleted
const KEYSTROKE_WARMUPS = 4;
const FORM_RUNS = 10;
const FORM_WARMUPS = 2;

export const GENERATED_TOOLS = 1000;
export const GENERATED_SCOPES = 20;
export const FORM_FIELDS = 200;
const WIDE_TOOL = `@bench-form/fields-${FORM_FIELDS}`;
const SMALL_TOOL = "@bench-form/fields-2";
/** Digits: each leaves 18–60 % of the generated tools in the list (most about 27 %). */
const SEARCH_CHARS = "123456789012345";

/**
 * The page side, as a plain script string: tsx compiles this file with esbuild's keepNames, which
 * wraps functions in `__name(...)` calls that don't exist in the page, so no function defined
 * here can be handed to `page.evaluate`. It is installed as an init script, so it runs before
 * the renderer's own code on every navigation.
 */
const PAGE_SCRIPT = `(() => {
  const bench = (window.__bench = {});
  // Runs cb after the main-thread work (rAF, style, layout, paint) of the next frame is done.
  const afterPaint = (cb) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => cb();
      channel.port2.postMessage(null);
    });
  const timeout = (reject, what) => setTimeout(() => reject(new Error(what + " within 10 s")), 10000);

  // Start row: Date.now() (wall clock, comparable with the bench process's) when the first tool
  // row is in the DOM and when the frame showing it has been painted.
  bench.firstRow = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (!document.querySelector(".tool-row")) return;
      observer.disconnect();
      const inDom = Date.now();
      afterPaint(() => {
        const painted = Date.now();
        const nav = performance.getEntriesByType("navigation")[0];
        resolve({
          inDom,
          painted,
          domContentLoaded: performance.timeOrigin + (nav ? nav.domContentLoadedEventEnd : NaN),
        });
      });
    });
    observer.observe(document, { childList: true, subtree: true });
  });

  // Search row: from the keydown's timestamp to the painted frame in which the tool count (and so
  // the list, rendered in the same React commit) has changed.
  bench.armKeystroke = () => {
    const list = document.querySelector(".tool-list");
    const count = document.querySelector('[data-testid="tool-count"]');
    const before = count.textContent;
    bench.keystroke = new Promise((resolve, reject) => {
      let t0;
      window.addEventListener("keydown", (e) => { t0 = e.timeStamp; }, { capture: true, once: true });
      const observer = new MutationObserver(() => {
        if (t0 === undefined || count.textContent === before) return;
        observer.disconnect();
        const inDom = performance.now();
        afterPaint(() => {
          clearTimeout(timer);
          resolve({
            totalMs: performance.now() - t0,
            domMs: inDom - t0,
            count: count.textContent,
            rows: list.querySelectorAll(".tool-row").length,
          });
        });
      });
      observer.observe(list, { childList: true, subtree: true, characterData: true });
      const timer = timeout(reject, "no list update");
    });
  };

  // Form row: from the click's timestamp to the painted frame in which the tool's form has all
  // its top-level fields (RJSF ids root_<property>) in the DOM.
  const showing = (name, fields) =>
    document.querySelector(".tool-view h1")?.firstChild?.textContent === name &&
    document.querySelectorAll('.form-pane [data-field^="root_"]').length === fields;
  bench.showing = showing;
  bench.armForm = (name, fields) => {
    performance.clearResourceTimings();
    bench.form = new Promise((resolve, reject) => {
      let t0;
      window.addEventListener("click", (e) => { t0 = e.timeStamp; }, { capture: true, once: true });
      const ready = () => showing(name, fields);
      const observer = new MutationObserver(() => {
        if (t0 === undefined || !ready()) return;
        observer.disconnect();
        const inDom = performance.now();
        const fetched = performance
          .getEntriesByType("resource")
          .filter((e) => e.name.endsWith("/api/call/getTool"))
          .pop();
        afterPaint(() => {
          clearTimeout(timer);
          resolve({
            totalMs: performance.now() - t0,
            domMs: inDom - t0,
            fetchedMs: fetched ? fetched.responseEnd - t0 : NaN,
            fields: document.querySelectorAll('.form-pane [data-field^="root_"]').length,
          });
        });
      });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      const timer = timeout(reject, "no form");
    });
  };
})();`;

// ---------------------------------------------------------------------------------------------
// Generated plugins

/** ONE plugin file exporting an array of GENERATED_TOOLS plain-object tools over 20 scopes. */
function generatedToolsSource(): string {
  return `// Generated by bench/ui.ts: ${GENERATED_TOOLS} tools, ${GENERATED_SCOPES} scopes.
const WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"];
export default Array.from({ length: ${GENERATED_TOOLS} }, (_, i) => {
  const key = "value_" + i;
  return {
    metadata: {
      name: "@gen-" + (i % ${GENERATED_SCOPES}) + "/tool-" + i,
      description: "Generated tool " + i + ": " + WORDS[i % 8] + " " + WORDS[(i * 3) % 8] + " over a number.",
      deterministic: i % 2 === 0,
      costPerInvocation: i % 3 === 0 ? 0 : (i % 7) / 1000,
      tags: [WORDS[i % 8], "generated"],
      parametersSchema: {
        type: "object",
        properties: { [key]: { type: "number", minimum: i } },
        required: [key],
        additionalProperties: false,
      },
    },
    invoke(params) {
      return params[key] - i;
    },
  };
});
`;
}

/** The JSON Schema of a tool with `count` properties of mixed types. */
export function wideSchema(count: number): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = `field_${String(i).padStart(3, "0")}`;
    const description = `Field ${i} of ${count}.`;
    switch (i % 5) {
      case 0:
        properties[name] = { type: "string", minLength: 1, maxLength: 80, description };
        break;
      case 1:
        properties[name] = { type: "number", minimum: 0, maximum: 1000, description };
        break;
      case 2:
        properties[name] = { type: "integer", minimum: -i, maximum: i + 10, description };
        break;
      case 3:
        properties[name] = { type: "boolean", description };
        break;
      default:
        properties[name] = { type: "string", enum: ["low", "medium", "high", "auto"], description };
    }
    if (i % 4 === 0) required.push(name);
  }
  return { type: "object", properties, required, additionalProperties: false };
}

/** A second plugin file: the 200-field tool, and a 2-field one to switch to and back from. */
function formToolsSource(): string {
  const tool = (name: string, fields: number) => ({
    metadata: {
      name,
      description: `Generated tool with ${fields} parameters of mixed types.`,
      deterministic: true,
      costPerInvocation: 0,
      parametersSchema: wideSchema(fields),
    },
  });
  const tools = [tool(WIDE_TOOL, FORM_FIELDS), tool(SMALL_TOOL, 2)];
  return `// Generated by bench/ui.ts.
export default ${JSON.stringify(tools, null, 2)}.map((tool) => ({
  ...tool,
  invoke(params) {
    return Object.keys(params).length;
  },
}));
`;
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** Runs a command to completion; throws with its output if it fails. */
function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout?.on("data", (d: Buffer) => {
      output += d;
    });
    child.stderr?.on("data", (d: Buffer) => {
      output += d;
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")}:\n${output}`)),
    );
  });
}

/** A throw-away AGENTIC_HOME, workspace and plugin folder. */
async function scratch(root: string, name: string) {
  const dir = await mkdtemp(path.join(root, `${name}-`));
  const home = path.join(dir, "home");
  const workspace = path.join(dir, "workspace");
  const plugins = path.join(dir, "plugins");
  await Promise.all([home, workspace, plugins].map((d) => mkdir(d, { recursive: true })));
  return { dir, home, workspace, plugins };
}

interface Host {
  child: ChildProcess;
  /** The URL the host printed, and Date.now() when the bench read it. */
  url: Promise<{ url: string; at: number }>;
}

/** Spawns `agentic serve`; `url` resolves as soon as the host prints its URL. */
function spawnHost(s: { home: string; workspace: string; plugins: string }): Host {
  const child = spawn(
    process.execPath,
    [CLI, "serve", "--port", "0", "--plugins-dir", s.plugins, "--workspace", s.workspace],
    { cwd: ROOT, env: { ...process.env, AGENTIC_HOME: s.home }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let timer: NodeJS.Timeout | undefined;
  const url = new Promise<{ url: string; at: number }>((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout?.on("data", (d: Buffer) => {
      out += d;
      const match = /serving at (\S+)/.exec(out);
      if (match) resolve({ url: match[1] as string, at: Date.now() });
    });
    child.stderr?.on("data", (d: Buffer) => {
      err += d;
    });
    timer = setTimeout(
      () => reject(new Error(`no URL from agentic serve in 30 s:\n${err}`)),
      30_000,
    );
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`agentic serve exited (${code}) early:\n${err}`)));
  }).finally(() => clearTimeout(timer));
  return { child, url };
}

/** SIGTERM (the host closes itself), SIGKILL if it is still there after 5 s. */
async function stopHost(host: Host): Promise<void> {
  const { child } = host;
  host.url.catch(() => {}); // it rejects on exit when it never resolved
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}

function row(
  key: UiRow["key"],
  label: string,
  samples: number[],
  targetMs: number,
  phases: [string, number[]][],
): UiRow {
  return {
    key,
    label,
    samples,
    medianMs: median(samples),
    p99Ms: quantile(samples, 0.99),
    targetMs,
    phases: phases.map(([l, values]) => ({ label: l, medianMs: median(values) })),
  };
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript({ content: PAGE_SCRIPT });
  return context.newPage();
}

// ---------------------------------------------------------------------------------------------
// The rows

interface StartSample {
  total: number;
  urlPrinted: number;
  loaded: number;
  inDom: number;
  painted: number;
}

/** Spawn → host prints its URL → page navigated → first `.tool-row` painted. */
async function startOnce(browser: Browser, root: string): Promise<StartSample> {
  const s = await scratch(root, "start");
  // A fresh context (no HTTP cache; each host has its own port anyway), opened before the clock
  // starts: launching the browser is not the host's start-up.
  const page = await newPage(browser);
  const spawned = Date.now();
  const host = spawnHost(s);
  try {
    const { url, at } = await host.url;
    await page.goto(url, { waitUntil: "commit" });
    const t = await firstRow(page);
    return {
      total: t.painted - spawned,
      urlPrinted: at - spawned,
      loaded: t.domContentLoaded - at,
      inDom: t.inDom - t.domContentLoaded,
      painted: t.painted - t.inDom,
    };
  } finally {
    await page.context().close();
    await stopHost(host);
    await rm(s.dir, { recursive: true, force: true });
  }
}

async function benchStart(browser: Browser, root: string, log: (l: string) => void) {
  const samples: StartSample[] = [];
  for (let i = 0; i < START_WARMUPS + START_RUNS; i++) {
    const sample = await startOnce(browser, root);
    const warm = i < START_WARMUPS;
    log(`  start ${warm ? "(warm-up) " : ""}${sample.total} ms`);
    if (!warm) samples.push(sample);
  }
  return row(
    "start",
    "Web host start → first tool list painted",
    samples.map((x) => x.total),
    UI_TARGETS.startMs,
    [
      ["spawn → URL printed", samples.map((x) => x.urlPrinted)],
      ["URL → DOMContentLoaded", samples.map((x) => x.loaded)],
      ["DOMContentLoaded → first row in DOM", samples.map((x) => x.inDom)],
      ["in DOM → painted", samples.map((x) => x.painted)],
    ],
  );
}

/**
 * Waits for the page's first painted tool row (the page script's promise; no waitForFunction:
 * the renderer's CSP forbids the eval it uses). Retried if it lands in the outgoing document.
 */
async function firstRow(
  page: Page,
): Promise<{ inDom: number; painted: number; domContentLoaded: number }> {
  for (let attempt = 0; ; attempt++) {
    try {
      return (await page.evaluate("window.__bench.firstRow")) as {
        inDom: number;
        painted: number;
        domContentLoaded: number;
      };
    } catch (error) {
      if (attempt >= 3 || !/context was destroyed|navigat/i.test(String(error))) throw error;
    }
  }
}

interface KeystrokeResult {
  totalMs: number;
  domMs: number;
  count: string;
  rows: number;
}

interface FormResult {
  totalMs: number;
  domMs: number;
  fetchedMs: number;
  fields: number;
}

/** One keystroke in the focused search box, measured in the page. */
async function keystroke(page: Page, key: string, typed: boolean): Promise<KeystrokeResult> {
  await page.evaluate("window.__bench.armKeystroke()");
  await page.keyboard.press(key);
  const result = (await page.evaluate("window.__bench.keystroke")) as KeystrokeResult;
  // The painted list must be the filtered one (typed) or the whole one again (deleted).
  const filtered = /^(\d+) of (\d+) tools$/.exec(result.count);
  if (typed ? !filtered || filtered[1] === filtered[2] : !/^\d+ tools$/.test(result.count)) {
    throw new Error(`after ${key}: the list shows "${result.count}"`);
  }
  if (result.rows === 0) throw new Error(`after ${key}: no tool rows rendered`);
  return result;
}

/** Clicks a tool's row and waits for its form, measured in the page. */
async function openForm(page: Page, name: string, fields: number): Promise<FormResult> {
  if (await page.evaluate(`window.__bench.showing(${JSON.stringify(name)}, ${fields})`)) {
    throw new Error(`${name} is already open: clicking it again would render nothing`);
  }
  await page.evaluate(`window.__bench.armForm(${JSON.stringify(name)}, ${fields})`);
  await page.click(`#tool-${name.replace(/[^a-z0-9]/gi, "-")}`);
  const result = (await page.evaluate("window.__bench.form")) as FormResult;
  if (result.fields !== fields) throw new Error(`${name}: ${result.fields} fields, not ${fields}`);
  return result;
}

async function benchSearchAndForm(browser: Browser, root: string, log: (l: string) => void) {
  const s = await scratch(root, "tools");
  await writeFile(path.join(s.plugins, "generated-tools.js"), generatedToolsSource());
  await writeFile(path.join(s.plugins, "form-tools.js"), formToolsSource());
  const page = await newPage(browser);
  const host = spawnHost(s);
  try {
    const { url } = await host.url;
    await page.goto(url, { waitUntil: "commit" });
    await firstRow(page);
    // The built-in tools show first; the plugins join the list as they load.
    // The built-in tools show first; the plugins join the list as they load. Polled, not
    // waitForFunction: the renderer's CSP forbids the eval that uses.
    const least = GENERATED_TOOLS + 2;
    const countTools = async () =>
      Number(
        /^(\d+) tools$/.exec((await page.textContent('[data-testid="tool-count"]')) ?? "")?.[1],
      );
    const until = Date.now() + 60_000;
    while ((await countTools()) < least && Date.now() < until) await page.waitForTimeout(100);
    const toolCount = await countTools();
    if (!(toolCount >= least)) {
      const countText = await page.textContent('[data-testid="tool-count"]');
      throw new Error(`expected ${least}+ tools, the list says "${countText}"`);
    }

    // Search: type a character, delete it; again, with the next character.
    await page.focus("input[type=search]");
    const keys: KeystrokeResult[] = [];
    for (let i = 0; i < KEYSTROKE_WARMUPS + KEYSTROKES; i++) {
      const typed = i % 2 === 0;
      const char = SEARCH_CHARS[(i >> 1) % SEARCH_CHARS.length] as string;
      const result = await keystroke(page, typed ? char : "Backspace", typed);
      if (i >= KEYSTROKE_WARMUPS) keys.push(result);
    }
    log(`  keystrokes: ${keys.map((k) => k.totalMs.toFixed(1)).join(" ")} ms`);
    const search = row(
      "search",
      `Search keystroke → filtered list painted (${GENERATED_TOOLS.toLocaleString("en-US")} tools)`,
      keys.map((k) => k.totalMs),
      UI_TARGETS.keystrokeMs,
      [
        ["keydown → list in DOM", keys.map((k) => k.domMs)],
        ["in DOM → painted", keys.map((k) => k.totalMs - k.domMs)],
      ],
    );

    // Form: switch to the 2-field tool, then time the click back to the 200-field one.
    const forms: FormResult[] = [];
    for (let i = 0; i < FORM_WARMUPS + FORM_RUNS; i++) {
      // The page opens the first tool by itself, which may be the small one.
      const open = `window.__bench.showing(${JSON.stringify(SMALL_TOOL)}, 2)`;
      if (!(await page.evaluate(open))) await openForm(page, SMALL_TOOL, 2);
      const result = await openForm(page, WIDE_TOOL, FORM_FIELDS);
      if (i >= FORM_WARMUPS) forms.push(result);
    }
    log(`  forms: ${forms.map((f) => f.totalMs.toFixed(1)).join(" ")} ms`);
    const form = row(
      "form",
      `Click a tool → its ${FORM_FIELDS}-field form painted`,
      forms.map((f) => f.totalMs),
      UI_TARGETS.formMs,
      [
        ["click → getTool response", forms.map((f) => f.fetchedMs)],
        ["response → all fields in DOM", forms.map((f) => f.domMs - f.fetchedMs)],
        ["in DOM → painted", forms.map((f) => f.totalMs - f.domMs)],
      ],
    );
    return { search, form, toolCount };
  } finally {
    await page.context().close();
    await stopHost(host);
    await rm(s.dir, { recursive: true, force: true });
  }
}

export async function benchUi(log: (line: string) => void = () => {}): Promise<UiSuite> {
  log("  building the renderer (electron-vite build)…");
  await run(process.execPath, [
    path.join(ROOT, "node_modules", "electron-vite", "bin", "electron-vite.js"),
    "build",
  ]);
  const root = await mkdtemp(path.join(os.tmpdir(), "agentic-bench-ui-"));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const start = await benchStart(browser, root, log);
    const { search, form, toolCount } = await benchSearchAndForm(browser, root, log);
    return {
      rows: [start, search, form],
      browser: `Chromium ${browser.version()} (headless, --disable-gpu)`,
      runs: { start: START_RUNS, keystrokes: KEYSTROKES, forms: FORM_RUNS },
      warmups: { start: START_WARMUPS, keystrokes: KEYSTROKE_WARMUPS, forms: FORM_WARMUPS },
      toolCount,
    };
  } finally {
    await browser.close();
    await rm(root, { recursive: true, force: true });
  }
}
