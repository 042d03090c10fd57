/**
 * A queue of async work run one piece at a time, in the order asked: read-modify-write of a
 * settings or trust file, Langfuse reconfiguration, suite-file saves. A piece that fails fails for
 * its own caller only; the next still runs.
 */
export type OneAtATime = <T>(work: () => Promise<T>) => Promise<T>;

export function oneAtATime(): OneAtATime {
  let tail: Promise<unknown> = Promise.resolve();
  return (work) => {
    const run = tail.then(work);
    tail = run.catch(() => undefined);
    return run;
  };
}
