/**
 * Asks before the workspace's own files are used, as desktop MCP clients ask before starting a
 * project's servers: an mcp.json's servers (with the commands they would run) and a
 * litellm_config.yaml that reads environment variables. Trust sends the hash that was shown, so a
 * file changed meanwhile is refused rather than trusted unseen; the main side applies it at once.
 */
import { useCallback, useEffect, useState } from "react";
import type { WorkspaceTrustItem } from "../../src-main/api/contract.ts";
import { type ShownError, shownError } from "../lib/api-client.ts";
import { useWorkbench } from "../lib/store.ts";
import { ErrorView } from "./ErrorView.tsx";

export function WorkspaceTrustBanner() {
  const api = useWorkbench((s) => s.api);
  const [items, setItems] = useState<WorkspaceTrustItem[]>([]);
  // "Not now" lasts for this window and this content only.
  const [dismissed, setDismissed] = useState<string[]>([]);
  const [error, setError] = useState<ShownError | undefined>();
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    if (!api) return;
    try {
      setItems(await api.workspaceTrust());
    } catch {
      // A tab without its token or a lost host: the connection banner says so, once.
      setItems([]);
    }
  }, [api]);
  useEffect(() => {
    void load();
  }, [load]);

  const trust = async (item: WorkspaceTrustItem) => {
    if (!api) return;
    setBusy(true);
    setError(undefined);
    try {
      setItems(await api.trustWorkspaceFile(item.path, item.sha256));
    } catch (e) {
      // Most likely the file changed since it was shown: show its new content instead.
      setError(shownError(e));
      await load();
    } finally {
      setBusy(false);
    }
  };

  const pending = items.filter(
    (i) => i.needsTrust && !i.trusted && !dismissed.includes(`${i.path}:${i.sha256}`),
  );
  if (pending.length === 0 && !error) return null;
  return (
    <section className="banner trust-banner" aria-label="Workspace trust">
      {error && <ErrorView error={error} />}
      {pending.map((item) => (
        <div key={item.path} className="trust-item" data-testid="trust-item">
          {item.kind === "mcp" ? (
            <>
              <strong>This workspace wants to start MCP servers</strong> (<code>{item.path}</code>):
              <ul>
                {item.servers?.map((s) => (
                  <li key={s.name}>
                    <strong>{s.name}</strong>:{" "}
                    <code>{s.url ?? [s.command, ...(s.args ?? [])].join(" ")}</code>
                    {s.env?.length ? ` (sets ${s.env.join(", ")})` : ""}
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p>
              <strong>This workspace's LLM config reads environment variables</strong>{" "}
              {item.envVars?.join(", ")} (<code>{item.path}</code>). Until it is trusted, the app's
              own config is used.
            </p>
          )}
          <button type="button" disabled={busy} onClick={() => void trust(item)}>
            Trust
          </button>{" "}
          <button
            type="button"
            onClick={() => setDismissed((d) => [...d, `${item.path}:${item.sha256}`])}
          >
            Not now
          </button>
        </div>
      ))}
    </section>
  );
}
