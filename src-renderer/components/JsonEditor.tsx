/**
 * The raw JSON editor beside the form. It shows the form's parameters; edits that parse update
 * them (and so the form); text that does not parse stays as typed, with the parse error shown and
 * reported (`onInvalid`), so Invoke can refuse to run values that are not on screen.
 */
import { useEffect, useState } from "react";

export function JsonEditor({
  value,
  onChange,
  onInvalid,
}: {
  value: unknown;
  onChange: (value: unknown) => void;
  onInvalid: (error: string | undefined) => void;
}) {
  const pretty = JSON.stringify(value ?? {}, null, 2);
  const [text, setText] = useState(pretty);
  const [error, setError] = useState<string | undefined>();

  // The form changed the value: show it, unless the text already means the same thing.
  useEffect(() => {
    setText((current) => {
      try {
        if (JSON.stringify(JSON.parse(current)) === JSON.stringify(value ?? {})) return current;
      } catch {
        // The user is mid-edit with invalid JSON; the form's change wins.
      }
      setError(undefined);
      return pretty;
    });
  }, [pretty, value]);

  return (
    <div className="json-editor">
      <textarea
        aria-label="Parameters as JSON"
        data-testid="json-editor"
        aria-invalid={error !== undefined}
        spellCheck={false}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          try {
            const parsed: unknown = JSON.parse(e.target.value);
            setError(undefined);
            onChange(parsed);
          } catch (err) {
            setError((err as Error).message);
            onInvalid((err as Error).message);
          }
        }}
      />
      {error && (
        <div className="json-error" role="status">
          Not valid JSON yet: {error}
        </div>
      )}
    </div>
  );
}
