// Runs a command with the real test peers up (see test/harness/peers.ts), or holds them up.
//
//   tsx scripts/with-peers.ts -- <command> [args...]   exit code: the command's, non-zero if a peer died
//   tsx scripts/with-peers.ts --hold                   keep the peers up until Ctrl-C
//
// Assumes bash scripts/install-peers.sh has run. PEERS_ECHO=1 echoes the peers' own output.
import { mkdtempSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestCertificate } from '../tooling/fakes/tls.js';
import { describeExit, startPeers, type PeerExit, type Peers } from '../test/harness/peers.js';
import { PeerProcess } from '../test/harness/proc.js';

/** How long the command may go on after a peer died before it is stopped (it will fail anyway). */
const DEAD_PEER_GRACE_MS = Number(process.env.PEERS_DEAD_GRACE_MS ?? 30_000);
const KILL_AFTER_MS = 10_000;

type Mode = { hold: true } | { hold: false; command: string; args: string[] };

function usage(message: string): never {
  process.stderr.write(`with-peers: ${message}\nusage: with-peers.ts -- <command> [args...] | --hold\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): Mode {
  if (argv[0] === '--hold' && argv.length === 1) return { hold: true };
  const sep = argv.indexOf('--');
  const [command, ...args] = sep >= 0 ? argv.slice(sep + 1) : argv;
  if (!command) usage('no command given');
  return { hold: false, command, args };
}

function peerEnv(peers: Peers, tls: { cert: string; key: string }): NodeJS.ProcessEnv {
  return {
    // The HTTPS fakes' certificate (tooling/fakes/tls.ts), trusted by every Node process of the run.
    DISCOVERY_TEST_TLS_CERT: tls.cert,
    DISCOVERY_TEST_TLS_KEY: tls.key,
    NODE_EXTRA_CA_CERTS: tls.cert,
    TEMPORAL_ADDRESS: peers.temporalAddress,
    TEMPORAL_NAMESPACE: peers.temporalNamespace,
    ...(peers.temporalUiUrl ? { TEMPORAL_UI_URL: peers.temporalUiUrl } : {}),
    MONGODB_URI: peers.mongoUri,
    DISCOVERY_MONGODB_SERVER: peers.mongoServer,
    AWS_ENDPOINT_URL: peers.motoEndpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'us-east-1',
    // No SDK may go looking for instance credentials off this machine.
    AWS_EC2_METADATA_DISABLED: 'true',
    // The SDK warns on every run that its 2027 releases will need Node 22; once is enough (README).
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    DISCOVERY_PEERS: '1',
  };
}

function loud(line: string): void {
  process.stderr.write(`\n!!! ${line}\n\n`);
}

function deathLine(exit: PeerExit): string {
  const tail = exit.tail.slice(-15).map((l) => `    ${l}`);
  return [
    `peer ${exit.peer} exited unexpectedly (${describeExit(exit.info)}) — failing the run`,
    ...(tail.length ? [`  last output of ${exit.peer}:`, ...tail] : []),
  ].join('\n');
}

async function main(): Promise<number> {
  const mode = parseArgs(process.argv.slice(2));
  const deaths: PeerExit[] = [];
  let onDeath = (): void => {};

  let peers: Peers;
  try {
    peers = await startPeers({
      handleSignals: false,
      onPeerExit: (exit) => {
        deaths.push(exit);
        loud(deathLine(exit));
        onDeath();
      },
    });
  } catch (err) {
    process.stderr.write(`with-peers: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }

  const tlsDir = mkdtempSync(join(tmpdir(), 'discovery-tls-'));
  process.on('exit', () => rmSync(tlsDir, { recursive: true, force: true }));
  const env = peerEnv(peers, await makeTestCertificate(tlsDir));
  const code = mode.hold
    ? await hold(peers, env, (f) => (onDeath = f))
    : await run(mode.command, mode.args, env, (f) => (onDeath = f));
  await peers.stop();

  if (deaths.length > 0) {
    loud(`FAILED: peer ${deaths.map((d) => d.peer).join(', ')} exited unexpectedly during the run`);
    return code === 0 ? 1 : code;
  }
  return code;
}

/** Runs the command; resolves with its exit code (128+n for a signal). */
async function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  setOnDeath: (f: () => void) => void,
): Promise<number> {
  // Its own process group, like the peers: signals reach all it started (node --test runs each
  // file in a child), and the orphan guard ends it should we die.
  const child = PeerProcess.spawn('command', command, args, {
    env: { ...process.env, ...env },
    inheritOutput: true,
  });
  let killTimer: NodeJS.Timeout | undefined;
  const terminate = (signal: NodeJS.Signals): void => {
    child.signalGroup(signal);
    killTimer ??= setTimeout(() => child.signalGroup('SIGKILL'), KILL_AFTER_MS);
  };

  let graceTimer: NodeJS.Timeout | undefined;
  setOnDeath(() => {
    graceTimer ??= setTimeout(() => {
      loud(`stopping the command: a peer died ${DEAD_PEER_GRACE_MS / 1000} s ago`);
      terminate('SIGTERM');
    }, DEAD_PEER_GRACE_MS);
  });
  const onSigint = (): void => terminate('SIGINT');
  const onSigterm = (): void => terminate('SIGTERM');
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);

  const info = await child.exited;
  clearTimeout(killTimer);
  clearTimeout(graceTimer);
  process.off('SIGINT', onSigint);
  process.off('SIGTERM', onSigterm);
  child.signalGroup('SIGKILL'); // whatever it left behind in its group
  if (info.error) {
    process.stderr.write(`with-peers: cannot run ${command}: ${info.error}\n`);
    return 127;
  }
  return info.code ?? 128 + (info.signal ? constants.signals[info.signal] : 0);
}

/** Keeps the peers up until SIGINT/SIGTERM (exit 0) or until one of them dies (exit 1). */
function hold(peers: Peers, env: NodeJS.ProcessEnv, setOnDeath: (f: () => void) => void): Promise<number> {
  const exports = Object.entries(env).map(([k, v]) => `export ${k}='${v ?? ''}'`);
  process.stdout.write(
    [
      '',
      ...(peers.temporalUiUrl ? [`Temporal Web UI: ${peers.temporalUiUrl}`, ''] : []),
      'To use these peers from another shell:',
      ...exports,
      '',
      'Peers are up. Ctrl-C stops them.',
      '',
    ].join('\n'),
  );
  return new Promise((resolve) => {
    const finish = (code: number): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(code);
    };
    const onSignal = (): void => {
      process.stdout.write('\nstopping the peers\n');
      finish(0);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    setOnDeath(() => finish(1));
  });
}

process.exit(await main());
