/**
 * Owner-only, crash-safe file writes for what the app keeps in `$AGENTIC_HOME` (settings.json,
 * the trusted workspace files): a temp file in the same folder, fsynced, then renamed over the
 * old one, so a crash leaves the old file or the new one, never half of either.
 */
import { randomBytes } from "node:crypto";
import { chmod, mkdir, open, rename, rm } from "node:fs/promises";
import path from "node:path";

/** Writes `text` to a temp file beside `file` (mode 0600), fsyncs it, and renames it over `file`. */
export async function writeAtomically(file: string, text: string): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await open(temp, "wx", 0o600);
  try {
    // The umask may only take bits away; chmod anyway in case the file system ignored the mode.
    await handle.chmod(0o600);
    await handle.writeFile(text, "utf8");
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  // Make the rename itself durable where the platform allows syncing a folder.
  try {
    const folder = await open(dir, "r");
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  } catch {
    // Windows cannot open a folder for syncing; the rename is still atomic.
  }
  await chmod(file, 0o600).catch(() => undefined);
}
