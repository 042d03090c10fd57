/**
 * `$AGENTIC_HOME/settings.json`: settings made in the UI that outlive a restart (so far the
 * Langfuse connection). It holds a secret key, so it is written owner-only (mode 0600) and
 * atomically — a temp file in the same folder, fsynced, then renamed over the old one — so a
 * crash leaves the old file or the new one, never half of either. Keys this version does not know
 * are kept as they are.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describeThrown } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import { silentLogger } from "../core/logger.ts";
import type { LangfuseConfig } from "../tracing/langfuse-config.ts";
import { parseLangfuseSettings } from "../tracing/langfuse-config.ts";
import { writeAtomically } from "./atomic-file.ts";
import { oneAtATime } from "./one-at-a-time.ts";

/** The file's name inside `$AGENTIC_HOME`. */
export const SETTINGS_FILE = "settings.json";

/** What settings.json holds (unknown keys are preserved on write). */
export interface SettingsFileContent {
  langfuse?: LangfuseConfig;
  [key: string]: unknown;
}

/** Reads and writes settings.json in one folder; writes are serialised. */
export class SettingsFile {
  readonly file: string;
  private readonly logger: Logger;
  private readonly serially = oneAtATime();

  constructor(dir: string, options: { logger?: Logger } = {}) {
    this.file = path.join(dir, SETTINGS_FILE);
    this.logger = options.logger ?? silentLogger;
  }

  /** The whole file; `{}` when it is missing or is not a JSON object (that is logged). */
  async read(): Promise<SettingsFileContent> {
    let text: string;
    try {
      text = await readFile(this.file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
      this.logger.warn("settings: cannot read settings.json", {
        file: this.file,
        error: describeThrown(error),
      });
      return {};
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
        return parsed as SettingsFileContent;
      }
      throw new Error("not a JSON object");
    } catch (error) {
      this.logger.warn("settings: settings.json is not a JSON object; ignored", {
        file: this.file,
        error: describeThrown(error),
      });
      return {};
    }
  }

  /** The saved Langfuse settings, or undefined when none are saved or they are invalid (logged). */
  async readLangfuse(): Promise<LangfuseConfig | undefined> {
    const saved = (await this.read()).langfuse;
    if (saved === undefined) return undefined;
    try {
      return parseLangfuseSettings(saved);
    } catch (error) {
      this.logger.warn("settings: the saved Langfuse settings are invalid; ignored", {
        file: this.file,
        error: describeThrown(error),
      });
      return undefined;
    }
  }

  /** Saves the Langfuse settings, or removes them (`null`); other keys stay. */
  writeLangfuse(config: LangfuseConfig | null): Promise<void> {
    return this.update((content) => {
      const next = { ...content };
      if (config) next.langfuse = config;
      else delete next.langfuse;
      return next;
    });
  }

  /** Read-modify-write, one at a time, written atomically with mode 0600. */
  private update(change: (content: SettingsFileContent) => SettingsFileContent): Promise<void> {
    return this.serially(async () => {
      const next = change(await this.read());
      await writeAtomically(this.file, `${JSON.stringify(next, null, 2)}\n`);
    });
  }
}
