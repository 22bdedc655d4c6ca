/**
 * Runs `work` with a deadline: it gets a signal that aborts when the deadline passes or `parent` aborts,
 * and the returned promise settles by then whatever `work` does with that signal — a call that ignores
 * it is abandoned (its promise goes on, unobserved), not waited for. `onTimeout` makes the error thrown
 * at the deadline; a parent's abort rejects with the parent's reason.
 */
export async function withDeadline<T>(
  ms: number,
  work: (signal: AbortSignal) => Promise<T>,
  opts: { parent?: AbortSignal; onTimeout: () => Error },
): Promise<T> {
  const { parent } = opts;
  parent?.throwIfAborted();
  const own = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let onParentAbort: (() => void) | undefined;
  const stop = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = opts.onTimeout();
      own.abort(err);
      reject(err);
    }, ms);
    if (parent) {
      onParentAbort = () => {
        own.abort(parent.reason);
        reject(parent.reason instanceof Error ? parent.reason : new Error(String(parent.reason)));
      };
      parent.addEventListener('abort', onParentAbort, { once: true });
    }
  });
  const running = work(own.signal);
  // The abandoned call's own rejection, if it ever comes, is not an unhandled one.
  running.catch(() => undefined);
  try {
    return await Promise.race([running, stop]);
  } finally {
    clearTimeout(timer);
    if (onParentAbort) parent?.removeEventListener('abort', onParentAbort);
  }
}
