import type { BrowserWindowConstructorOptions } from "electron";
import { describe, expect, it } from "vitest";
import {
  isOpenableExternally,
  mainWindowOptions,
} from "../../src-main/hosts/electron/window-options.ts";

describe("mainWindowOptions", () => {
  const options = mainWindowOptions("/x/preload.cjs");

  it("isolates and sandboxes the renderer, with no Node and no webviews", () => {
    expect(options.webPreferences).toEqual({
      preload: "/x/preload.cjs",
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    });
  });

  it("sets none of the options that weaken Electron's defaults", () => {
    const prefs = options.webPreferences as Record<string, unknown>;
    for (const risky of [
      "enableRemoteModule",
      "enableBlinkFeatures",
      "additionalArguments",
      "allowpopups",
      "disableBlinkFeatures",
      "plugins",
    ]) {
      if (risky in prefs) expect(prefs[risky]).toBe(false);
    }
  });

  it("is a valid BrowserWindow options object (checked by tsc against Electron's types)", () => {
    const forElectron: BrowserWindowConstructorOptions = options;
    expect(forElectron.webPreferences?.preload).toBe("/x/preload.cjs");
  });

  it("starts hidden (shown once ready) with the preload path as given", () => {
    expect(options.show).toBe(false);
    expect(options.title).toBe("Agentic Workbench");
    expect(mainWindowOptions("/other/preload.cjs").webPreferences.preload).toBe(
      "/other/preload.cjs",
    );
  });
});

describe("isOpenableExternally", () => {
  it.each([
    "https://example.com/docs",
    "http://example.com",
    "HTTPS://EXAMPLE.COM/",
    "https://user@example.com:8443/path?q=1#frag",
  ])("opens %s", (url) => {
    expect(isOpenableExternally(url)).toBe(true);
  });

  it.each([
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "file:///etc/passwd",
    "file://server/share/app.exe",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "smb://attacker.example/share",
    "ms-msdt:/id PCWDiagnostic",
    "search-ms:query=x",
    "vscode://file/etc/passwd",
    "mailto:someone@example.com",
    "ftp://example.com/file",
    "chrome://settings",
    "about:blank",
    "blob:https://example.com/uuid",
    "//example.com/no-scheme",
    "/relative/path",
    "not a url",
    "",
  ])("refuses %j", (url) => {
    expect(isOpenableExternally(url)).toBe(false);
  });
});
