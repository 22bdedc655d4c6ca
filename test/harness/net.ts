import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('no TCP address from a listening socket'));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

export interface PollOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Checked before each attempt: a reason to give up at once (e.g. the process exited). */
  giveUp?: () => string | undefined;
}

/** Retries probe until it resolves; rejects with the last probe error on timeout or giveUp. */
export async function poll<T>(probe: () => Promise<T>, opts: PollOptions): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  let lastError = 'no attempt made';
  for (;;) {
    const reason = opts.giveUp?.();
    if (reason) throw new Error(reason);
    try {
      return await probe();
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() >= deadline) {
      throw new Error(`not ready after ${Math.round(opts.timeoutMs / 1000)} s (last error: ${lastError})`);
    }
    await sleep(opts.intervalMs ?? 250);
  }
}
