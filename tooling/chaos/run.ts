// `npm run chaos`: the reliability scenarios of issue #18 against real peers, each ending in a summary
// line, then one last line with every summary. Starts its own peers (test/harness/peers.ts) unless run
// beside them (scripts/with-peers.ts sets DISCOVERY_PEERS=1). Faults stay on loopback; every loop is
// bounded.
//   npm run chaos                                   every scenario, 20 worker kills
//   npm run chaos -- --scenarios worker-kill --kills 5
//   npm run chaos -- --scenarios store-load --crawls 20 --repeats 3
import { parseArgs } from 'node:util';
import { startPeers, type Peers } from '../../test/harness/peers.js';
import { runStoreLoad } from './store-load.js';
import { runWorkerKill, type ChaosPeers } from './worker-kill.js';

const SCENARIOS = ['worker-kill', 'store-load'] as const;
type Scenario = (typeof SCENARIOS)[number];

function options() {
  const { values } = parseArgs({
    options: {
      scenarios: { type: 'string', default: SCENARIOS.join(',') },
      kills: { type: 'string', default: '20' },
      crawls: { type: 'string', default: '20' },
      repeats: { type: 'string', default: '3' },
      seed: { type: 'string', default: '18' },
    },
  });
  const scenarios = values.scenarios.split(',').map((s) => s.trim());
  for (const s of scenarios)
    if (!(SCENARIOS as readonly string[]).includes(s))
      throw new Error(`unknown scenario ${s} (scenarios: ${SCENARIOS.join(', ')})`);
  const int = (name: string, raw: string, max: number) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > max)
      throw new Error(`--${name} must be an integer in 1..${max}`);
    return n;
  };
  return {
    scenarios: scenarios as Scenario[],
    kills: int('kills', values.kills, 100),
    crawls: int('crawls', values.crawls, 100),
    repeats: int('repeats', values.repeats, 20),
    seed: int('seed', values.seed, 2 ** 31),
  };
}

function peersFromEnv(): ChaosPeers | undefined {
  const env = process.env;
  if (env.DISCOVERY_PEERS !== '1' || !env.MONGODB_URI || !env.TEMPORAL_ADDRESS || !env.AWS_ENDPOINT_URL)
    return undefined;
  return {
    mongoUri: env.MONGODB_URI,
    temporalAddress: env.TEMPORAL_ADDRESS,
    temporalNamespace: env.TEMPORAL_NAMESPACE ?? 'default',
    motoEndpoint: env.AWS_ENDPOINT_URL,
  };
}

async function main(): Promise<number> {
  const opts = options();
  let started: Peers | undefined;
  let peers = peersFromEnv();
  if (!peers) {
    started = await startPeers();
    peers = { ...started, motoEndpoint: started.motoEndpoint };
  }
  const summaries: string[] = [];
  let failed = false;
  try {
    for (const scenario of opts.scenarios) {
      if (scenario === 'worker-kill') {
        const report = await runWorkerKill({ peers, kills: opts.kills, seed: opts.seed });
        console.log(report.summary);
        summaries.push(report.summary);
        failed ||= report.identical !== opts.kills;
      } else {
        const report = await runStoreLoad({ peers, crawls: opts.crawls, repeats: opts.repeats });
        console.log(report.summary);
        summaries.push(report.summary);
        failed ||= !report.held;
      }
    }
  } finally {
    await started?.stop();
  }
  console.log(summaries.join(' · '));
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('chaos:', err);
    process.exit(1);
  },
);
