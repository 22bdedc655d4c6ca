import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * A real worker process (worker/main.ts, as in production), in its own process group so that
 * `killWorker` takes it down at once with everything it started. Resolves once it polls (its start
 * line). `env` is added to this process's environment. Stderr goes to ours with DEBUG_WORKER set.
 */
export async function startWorkerProcess(env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`worker did not start in ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    const onExit = (code: number | null) => reject(new Error(`worker exited during start (${code})`));
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('discovery worker: task queue')) {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve();
      }
    });
    child.stderr?.on('data', (d: Buffer) => process.env.DEBUG_WORKER && process.stderr.write(d));
    child.on('exit', onExit);
  });
  return child;
}

/** SIGKILL to the worker's whole process group; nothing if it is gone. */
export function killWorker(child: ChildProcess): void {
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
