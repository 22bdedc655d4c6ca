// The Discovery worker of the benchmark, in a process of its own (forked by bench/run.ts) so that its
// peak RSS is measured alone. Messages: start → ready, reset → reset-ok (peak RSS, CPU and command
// timings start over), report → report, stop (shuts the worker down and exits).
import { readFile } from 'node:fs/promises';
import { DefaultLogger, Runtime, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { loadConfig } from '../config/index.js';
import { createProviderRegistry } from '../config/index.js';
import { syntheticProvider } from '../providers/synthetic/index.js';
import { createWorker, type WorkerHandle } from '../worker/create-worker.js';
import { boundHeapGrowth } from '../worker/heap.js';
import { childChannel, type FromChild, type ToWorker } from './child.js';
import { CommandMeter, ProcessMeter, withCommandMonitoring } from './meter.js';

const commands = new CommandMeter();
const meter = new ProcessMeter(commands);
let handle: WorkerHandle | undefined;
let running: Promise<void> | undefined;

async function start(msg: Extract<ToWorker, { type: 'start' }>): Promise<FromChild> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const config = loadConfig({ ...msg.env, MONGODB_URI: withCommandMonitoring(msg.env.MONGODB_URI ?? '') });
  // As worker/main.ts does for every worker process.
  boundHeapGrowth(config.workerHeapGrowthPercent);
  const bundle = JSON.parse(await readFile(msg.bundlePath, 'utf8')) as WorkflowBundleWithSourceMap;
  handle = await createWorker({
    config,
    bundle,
    providers: createProviderRegistry(config, [syntheticProvider(msg.apiUrl)]),
    log: (level, text, fields) => {
      if (level === 'warn' || level === 'error') console.error(`[worker ${level}] ${text}`, fields ?? '');
    },
  });
  commands.attach(handle.store.client);
  running = handle.run();
  running.catch((err: unknown) => {
    console.error('bench worker: the worker failed:', err);
    process.exit(1);
  });
  return { type: 'ready', stats: meter.snapshot() };
}

async function stop(): Promise<never> {
  if (handle && running) {
    handle.shutdown();
    await running;
  }
  meter.stop();
  process.exit(0);
}

childChannel<ToWorker>(async (msg) => {
  switch (msg.type) {
    case 'start':
      return start(msg);
    case 'reset':
      meter.reset();
      return { type: 'reset-ok' };
    case 'report':
      return { type: 'report', stats: meter.snapshot() };
    case 'stop':
      return stop();
  }
});
