/**
 * `$AGENTIC_HOME/trusted-workspace-files.json`: the workspace files (mcp.json,
 * litellm_config.yaml) the user has trusted, each by absolute path and the SHA-256 of the content
 * they saw. One entry per path: trusting new content replaces the old hash, so an edited file is
 * untrusted again until the user looks at it. Written owner-only and atomically like settings.json;
 * it lives in `$AGENTIC_HOME`, which the file tools refuse to write.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describeThrown } from "../core/errors.ts";
import { type Logger, silentLogger } from "../core/logger.ts";
import { writeAtomically } from "./atomic-file.ts";
import { oneAtATime } from "./one-at-a-time.ts";

/** The file's name inside `$AGENTIC_HOME`. */
export const TRUST_STORE_FILE = "trusted-workspace-files.json";

/** One trusted file: its path and the hash of the content that was trusted. */
export interface TrustedFile {
  path: string;
  sha256: string;
  /** ISO time it was trusted. */
  trustedAt: string;
}

/** Reads and writes the trust store in one folder; writes are serialised. */
export class TrustStore {
  readonly file: string;
  private readonly logger: Logger;
  private readonly serially = oneAtATime();

  constructor(dir: string, options: { logger?: Logger } = {}) {
    this.file = path.join(dir, TRUST_STORE_FILE);
    this.logger = options.logger ?? silentLogger;
  }

  /** Every trusted file; none when the store is missing or unreadable (that is logged). */
  async list(): Promise<TrustedFile[]> {
    let text: string;
    try {
      text = await readFile(this.file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
        this.logger.warn("trust: cannot read the trust store; nothing is trusted", {
          file: this.file,
          error: describeThrown(error),
        });
      }
      return [];
    }
    try {
      const files = (JSON.parse(text) as { files?: unknown }).files;
      if (!Array.isArray(files)) throw new Error('no "files" array');
      return files.filter(
        (f): f is TrustedFile =>
          typeof f?.path === "string" && typeof f?.sha256 === "string" && f.sha256.length === 64,
      );
    } catch (error) {
      this.logger.warn("trust: the trust store is not valid; nothing is trusted", {
        file: this.file,
        error: describeThrown(error),
      });
      return [];
    }
  }

  /** Whether this exact content of `file` was trusted. */
  async isTrusted(file: string, sha256: string): Promise<boolean> {
    return (await this.list()).some((f) => f.path === file && f.sha256 === sha256);
  }

  /** Records `sha256` as the trusted content of `file` (replacing an older hash). */
  trust(file: string, sha256: string): Promise<void> {
    return this.update((files) => [
      ...files.filter((f) => f.path !== file),
      { path: file, sha256, trustedAt: new Date().toISOString() },
    ]);
  }

  /** Forgets `file`; resolves to whether it was trusted. */
  async revoke(file: string): Promise<boolean> {
    let found = false;
    await this.update((files) => {
      found = files.some((f) => f.path === file);
      return files.filter((f) => f.path !== file);
    });
    return found;
  }

  private update(change: (files: TrustedFile[]) => TrustedFile[]): Promise<void> {
    return this.serially(async () => {
      const files = change(await this.list());
      await writeAtomically(this.file, `${JSON.stringify({ version: 1, files }, null, 2)}\n`);
    });
  }
}
