/**
 * Langfuse settings in the Traces panel: where traces go now (the environment's LANGFUSE_*, the
 * settings saved here, or nowhere) and a small form to connect (Save) or disconnect. Saved
 * settings apply at once, without a restart; the secret key is sent once and never shown again.
 */
import { type FormEvent, type InputHTMLAttributes, useState } from "react";
import type { LangfuseSettings } from "../../src-main/api/contract.ts";
import { useWorkbench } from "../lib/store.ts";

type Field = keyof LangfuseSettings;
const EMPTY: Record<Field, string> = { baseUrl: "", publicKey: "", secretKey: "", projectId: "" };

/** The host's error without the transport's prefix; and the field it names, if any. */
function describeError(error: unknown): { message: string; field?: Field } {
  const raw = error instanceof Error ? error.message : String(error);
  const message = raw.replace(/^.*configureLangfuse'?:\s*(\w*Error:\s*)?/, "");
  const field = /^(baseUrl|publicKey|secretKey|projectId):/.exec(message)?.[1] as Field | undefined;
  return field ? { message, field } : { message };
}

/**
 * The checks the host makes too (it has the last word), done here first so a slip is marked at
 * once: base URL http(s), keys present.
 */
function checkLocally(form: Record<Field, string>): { message: string; field: Field } | undefined {
  let url: URL | undefined;
  try {
    url = new URL(form.baseUrl.trim());
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    return {
      field: "baseUrl",
      message: `baseUrl: must be an http(s) URL such as http://localhost:3000, got ${JSON.stringify(form.baseUrl.trim())}`,
    };
  }
  if (!form.publicKey.trim()) return { field: "publicKey", message: "publicKey: is required" };
  if (!form.secretKey.trim()) return { field: "secretKey", message: "secretKey: is required" };
  return undefined;
}

/**
 * The form after one edit. Another base URL or public key is another Langfuse or project: a
 * project id carried over from the one in use would make every link 404, so it is cleared
 * (and looked up again on Save) unless the user typed it.
 */
function edited(
  form: Record<Field, string>,
  field: Field,
  value: string,
  inUseProjectId: string | undefined,
): Record<Field, string> {
  const next = { ...form, [field]: value };
  if ((field === "baseUrl" || field === "publicKey") && form.projectId === (inUseProjectId ?? ""))
    next.projectId = "";
  return next;
}

export function LangfuseSettingsForm() {
  const status = useWorkbench((s) => s.tracingStatus);
  const langfuse = status?.langfuse ?? null;
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState(EMPTY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; field?: Field }>();
  const [notice, setNotice] = useState<string>();

  const onToggle = (nowOpen: boolean) => {
    setOpen(nowOpen);
    if (nowOpen) {
      // Start from what is in use; the secret key is never sent back, so it is typed anew.
      setForm({
        baseUrl: langfuse?.baseUrl ?? "",
        publicKey: langfuse?.publicKey ?? "",
        secretKey: "",
        projectId: langfuse?.projectId ?? "",
      });
      setError(undefined);
      setNotice(undefined);
    }
  };

  const apply = async (settings: LangfuseSettings | null) => {
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      const api = useWorkbench.getState().api;
      const check = settings && api ? await api.checkLangfuse(settings) : undefined;
      if (check && !check.ok) {
        setError({
          message: check.message,
          ...(check.field !== "settings" ? { field: check.field } : {}),
        });
        return;
      }
      await useWorkbench.getState().configureLangfuse(settings);
      const project = useWorkbench.getState().tracingStatus?.langfuse?.projectId;
      // The host checked the connection and the keys before saving: say what it found.
      setNotice(
        settings
          ? `Connected: Langfuse answered and the keys open project ${project ?? "(unknown)"}. New traces go there.`
          : "Disconnected from Langfuse.",
      );
      setForm((f) => ({ ...f, secretKey: "" }));
      void useWorkbench.getState().refreshTraces();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const problem = checkLocally(form);
    if (problem) {
      setNotice(undefined);
      setError(problem);
      return;
    }
    void apply({
      baseUrl: form.baseUrl,
      publicKey: form.publicKey,
      secretKey: form.secretKey,
      ...(form.projectId.trim() ? { projectId: form.projectId } : {}),
    });
  };

  const input = (
    field: Field,
    label: string,
    extra: InputHTMLAttributes<HTMLInputElement> = {},
  ) => (
    <label className="field-inline">
      <span>{label}</span>
      <input
        name={field}
        value={form[field] ?? ""}
        onChange={(e) => setForm(edited(form, field, e.target.value, langfuse?.projectId))}
        aria-invalid={error?.field === field}
        autoComplete="off"
        spellCheck={false}
        {...extra}
      />
    </label>
  );

  return (
    <details
      className="langfuse-settings"
      open={open}
      onToggle={(e) => onToggle((e.currentTarget as HTMLDetailsElement).open)}
      data-testid="langfuse-settings"
    >
      <summary>
        Langfuse settings{" "}
        <span className="muted" data-testid="langfuse-source">
          {langfuse
            ? `· ${langfuse.source === "env" ? "from the environment" : "saved in settings.json"} · ${langfuse.baseUrl} · ${langfuse.publicKey}`
            : "· not configured"}
        </span>
      </summary>
      <form onSubmit={onSubmit} noValidate aria-label="Langfuse settings">
        {input("baseUrl", "Base URL", { placeholder: "http://localhost:3000", inputMode: "url" })}
        {input("publicKey", "Public key", { placeholder: "pk-lf-…" })}
        {input("secretKey", "Secret key", {
          type: "password",
          placeholder: langfuse ? "type it again to save" : "sk-lf-…",
        })}
        {input("projectId", "Project id (optional)", {
          placeholder: "looked up from the keys when empty",
        })}
        <div className="langfuse-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? "Checking…" : "Save"}
          </button>
          <button type="button" disabled={busy || !langfuse} onClick={() => void apply(null)}>
            Disconnect
          </button>
        </div>
        {status?.langfuseEnvConfigured && (
          <p className="muted">
            LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY are set in the environment: settings saved
            here apply now, but the environment wins at the next start.
          </p>
        )}
        {error && (
          <p className="error-message" role="alert" data-testid="langfuse-settings-error">
            {error.message}
          </p>
        )}
        {notice && (
          <p className="muted" role="status">
            {notice}
          </p>
        )}
      </form>
    </details>
  );
}
