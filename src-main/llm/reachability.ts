/**
 * Is something there? LiteLLM: its unauthenticated liveness route answers 200. A deployment: its
 * models route answers over HTTP without a server error (an open port alone proves little: a
 * deployment that answers 500 to everything is not healthy). Short timeouts, never throwing.
 */

/** Whether LiteLLM answers at `baseUrl` (GET /health/liveliness → 200). */
export async function litellmAnswers(baseUrl: string, timeoutMs = 1500): Promise<boolean> {
  try {
    const response = await fetch(new URL("/health/liveliness", baseUrl), {
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

/** What a deployment's HTTP check found. */
export type DeploymentHealth = "reachable" | "unhealthy" | "unreachable";

/**
 * Asks the deployment's list-models route without credentials (none are sent to a base we only
 * probe): Ollama's `/api/tags`, else OpenAI-style `{apiBase}/models`. Any answer below 500 (a
 * 401 for a missing key, a 404 for a server without the route) means it is up; 5xx is unhealthy;
 * no answer is unreachable.
 */
export async function deploymentHealth(
  apiBase: string,
  model: string,
  timeoutMs = 1000,
): Promise<DeploymentHealth> {
  const base = apiBase.replace(/\/+$/, "");
  const url = model.startsWith("ollama/") ? `${base}/api/tags` : `${base}/models`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return response.status >= 500 ? "unhealthy" : "reachable";
  } catch {
    return "unreachable";
  }
}
