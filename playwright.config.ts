import { defineConfig } from "@playwright/test";
import { electronBinary } from "./scripts/electron-binary.mjs";

// One set of specs, two projects: the web host in Debian's Chromium, and Electron where its
// binary exists (it cannot be downloaded on every machine; the specs then say why they skip).
const hasElectron = electronBinary() !== undefined;

export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/global-setup.ts",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : [["list"]],
  use: { trace: "retain-on-failure", viewport: { width: 1400, height: 900 } },
  projects: [
    {
      name: "web",
      use: {
        browserName: "chromium",
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
          ],
        },
      },
    },
    ...(hasElectron ? [{ name: "electron", metadata: { electron: true } }] : []),
  ],
});
