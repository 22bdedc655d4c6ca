import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy on loopback in front of a MongoDB-wire server that can play a wedged server: while
 * `hold` is on, every command but the handshake and `ping` is swallowed — never forwarded, never
 * answered — exactly what FerretDB v1 did under load (ping answered, every query hung). A connection
 * that had a command swallowed stays silent for good (its client waits for a reply that never comes,
 * as behind a half-open socket); connections opened after `hold` is switched off pass everything.
 * Only for tests and the chaos runner.
 */
export interface MongoWireProxy {
  /** A connection string to use instead of the server's. */
  uri: string;
  hold: boolean;
  /** Commands swallowed so far. */
  held: number;
  /** Commands forwarded so far. */
  forwarded: number;
  close(): Promise<void>;
}

/** What a wedged server still answers (the driver's handshake and monitoring, and `ping`). */
const ANSWERED = new Set(['hello', 'ismaster', 'isMaster', 'ping', 'buildinfo', 'buildInfo', 'saslStart']);

const OP_MSG = 2013;
const OP_QUERY = 2004;

/** The command name of one wire message: the first key of its body document. */
export function commandName(msg: Buffer): string | undefined {
  const opCode = msg.readInt32LE(12);
  let doc: number;
  if (opCode === OP_MSG) {
    // flagBits, then section kind 0 (the body) comes first in what drivers send.
    if (msg[20] !== 0) return undefined;
    doc = 21;
  } else if (opCode === OP_QUERY) {
    // flags, fullCollectionName (cstring), numberToSkip, numberToReturn, then the query document.
    const nameEnd = msg.indexOf(0, 20);
    doc = nameEnd + 1 + 8;
  } else return undefined;
  const keyStart = doc + 4 + 1;
  const keyEnd = msg.indexOf(0, keyStart);
  return keyEnd > keyStart ? msg.toString('utf8', keyStart, keyEnd) : undefined;
}

export async function startMongoWireProxy(target: string): Promise<MongoWireProxy> {
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  const proxy: MongoWireProxy = {
    uri: '',
    hold: false,
    held: 0,
    forwarded: 0,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((client) => {
    const up = connect(Number(upstream.port || 27017), upstream.hostname);
    sockets.add(client).add(up);
    let silenced = false;
    let pending: Buffer = Buffer.alloc(0);
    up.on('data', (d: Buffer) => {
      if (!silenced) client.write(d);
    });
    client.on('data', (d: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, d]) : d;
      while (pending.length >= 4) {
        const size = pending.readInt32LE(0);
        if (pending.length < size) break;
        const msg = pending.subarray(0, size);
        pending = pending.subarray(size);
        if (silenced) continue;
        const name = commandName(msg);
        if (proxy.hold && !(name && ANSWERED.has(name))) {
          silenced = true;
          proxy.held += 1;
          continue;
        }
        proxy.forwarded += 1;
        up.write(msg);
      }
    });
    const end = () => {
      client.destroy();
      up.destroy();
      sockets.delete(client);
      sockets.delete(up);
    };
    client.on('close', end).on('error', end);
    up.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const uri = new URL(target);
  uri.host = `127.0.0.1:${port}`;
  // One server behind a proxy: no replica-set discovery that would bypass it.
  uri.searchParams.set('directConnection', 'true');
  proxy.uri = uri.toString();
  return proxy;
}
