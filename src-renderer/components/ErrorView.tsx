/** A failure as every view shows it: the message, the hint, and any details. */

export function ErrorView({
  error,
  testId,
  alert = true,
}: {
  error: { message: string; hint?: string; details?: Record<string, unknown> };
  testId?: string;
  /** Announced to screen readers; off for failures inside a transcript the user reads at leisure. */
  alert?: boolean;
}) {
  return (
    <div className="error-view" role={alert ? "alert" : undefined}>
      <p className="error-message" data-testid={testId}>
        {error.message}
      </p>
      {error.hint && <p className="error-hint">Hint: {error.hint}</p>}
      {error.details && Object.keys(error.details).length > 0 && (
        <pre className="error-details">{JSON.stringify(error.details, null, 2)}</pre>
      )}
    </div>
  );
}
