/**
 * A promise raced against a timer: the one hand-made timeout the code base keeps (a fetch takes
 * `AbortSignal.timeout` instead). The timer is cleared as soon as the race is decided.
 */

/**
 * `promise`'s outcome, or — if it has not settled after `ms` — what `onTimeout` returns (or the
 * rejection of what it throws). With `unref`, the timer never keeps the process alive.
 */
export function withTimeout<T, F = never>(
  promise: PromiseLike<T>,
  ms: number,
  onTimeout: () => F,
  options: { unref?: boolean } = {},
): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<F>((resolve, reject) => {
    timer = setTimeout(
      () => {
        try {
          resolve(onTimeout());
        } catch (error) {
          reject(error);
        }
      },
      Math.max(0, ms),
    );
    if (options.unref) timer.unref();
  });
  return Promise.race([promise, timedOut]).finally(() => clearTimeout(timer));
}
