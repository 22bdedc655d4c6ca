// Tests that talk to real peers call requirePeers() first: without the peers that `npm test`
// starts (scripts/with-peers.ts sets DISCOVERY_PEERS=1), such a test fails, loudly, instead of skipping.

export interface PeerEnv {
  mongoUri: string;
  /** "ferretdb" or "mongod" (FerretDB lacks some features: see test/harness/README.md). */
  mongoServer: string;
  temporalAddress: string;
  temporalNamespace: string;
  awsEndpoint: string;
  awsRegion: string;
}

const HOW =
  'run the tests through `npm test` (or `npx tsx scripts/with-peers.ts -- <command>`), which starts them';

function need(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`this test needs the real test peers, but ${name} is not set: ${HOW}`);
  return value;
}

export function requirePeers(): PeerEnv {
  if (process.env.DISCOVERY_PEERS !== '1') {
    throw new Error(
      `this test needs the real test peers (Temporal, MongoDB, moto), and DISCOVERY_PEERS is not 1: ${HOW}`,
    );
  }
  return {
    mongoUri: need('MONGODB_URI'),
    mongoServer: process.env.DISCOVERY_MONGODB_SERVER ?? 'mongod',
    temporalAddress: need('TEMPORAL_ADDRESS'),
    temporalNamespace: process.env.TEMPORAL_NAMESPACE || 'default',
    awsEndpoint: need('AWS_ENDPOINT_URL'),
    awsRegion: process.env.AWS_REGION || 'us-east-1',
  };
}
