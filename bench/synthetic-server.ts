import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SyntheticServer } from '../providers/synthetic/index.js';

/**
 * A loopback HTTP server that generates `count(region)` servers per region, deterministically, in pages
 * (`GET /servers?region=&limit=&token=`). Counts requests so tests can assert pages fetched.
 */
export interface SyntheticApi {
  url: string;
  requests: number;
  setCount(region: string, n: number): void;
  close(): Promise<void>;
}

export function syntheticServer(region: string, i: number): SyntheticServer {
  const n = i.toString().padStart(7, '0');
  return {
    id: `srv-${region}-${n}`,
    name: `node-${n}.${region}.example.internal`,
    ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    zone: `${region}${'abc'[i % 3]}`,
    size: ['small', 'medium', 'large'][i % 3] as string,
    state: 'running',
    created: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
    tags: { team: `team-${i % 17}`, env: i % 5 === 0 ? 'staging' : 'production', service: `svc-${i % 101}` },
    disks: [
      { id: `vol-${region}-${n}-root`, gb: 20 },
      { id: `vol-${region}-${n}-data`, gb: 100 + (i % 400) },
    ],
  };
}

export async function startSyntheticApi(defaultCount: number): Promise<SyntheticApi> {
  const counts = new Map<string, number>();
  const api: SyntheticApi = {
    url: '',
    requests: 0,
    setCount: (region, n) => counts.set(region, n),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    api.requests += 1;
    const u = new URL(req.url ?? '/', 'http://x');
    const region = u.searchParams.get('region') ?? 'synthetic-1';
    const limit = Math.max(1, Math.min(1000, Number(u.searchParams.get('limit') ?? 100)));
    const start = Number(u.searchParams.get('token') || 0);
    const total = counts.get(region) ?? defaultCount;
    const end = Math.min(total, start + limit);
    const items: SyntheticServer[] = [];
    for (let i = start; i < end; i++) items.push(syntheticServer(region, i));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(end < total ? { items, next: String(end) } : { items }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return api;
}
