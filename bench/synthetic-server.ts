import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SyntheticServer } from '../providers/synthetic/index.js';

/**
 * A loopback HTTP server that generates `count(region)` servers per region, deterministically, in pages
 * (`GET /servers?region=&limit=&token=`). Counts requests so tests can assert pages fetched.
 * `setEdit(region, {changedEvery, goneEvery})` alters the listing as a later crawl would see it: every
 * `changedEvery`-th server (i % changedEvery === 0) is `stopped`, every `goneEvery`-th (i % goneEvery ===
 * goneEvery - 1) is no longer listed; `setEdit(region, undefined)` restores it.
 */
export interface SyntheticEdit {
  changedEvery?: number;
  goneEvery?: number;
}

export interface SyntheticApi {
  url: string;
  requests: number;
  setCount(region: string, n: number): void;
  setEdit(region: string, edit: SyntheticEdit | undefined): void;
  edit(region: string): SyntheticEdit | undefined;
  close(): Promise<void>;
}

/** Whether server `i` is listed under this edit. */
export function listed(i: number, edit: SyntheticEdit | undefined): boolean {
  return !edit?.goneEvery || i % edit.goneEvery !== edit.goneEvery - 1;
}

/** Whether server `i` is changed under this edit. */
export function changed(i: number, edit: SyntheticEdit | undefined): boolean {
  return !!edit?.changedEvery && i % edit.changedEvery === 0;
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
  const edits = new Map<string, SyntheticEdit>();
  const api: SyntheticApi = {
    url: '',
    requests: 0,
    setCount: (region, n) => counts.set(region, n),
    setEdit: (region, edit) => void (edit ? edits.set(region, edit) : edits.delete(region)),
    edit: (region) => edits.get(region),
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
    const edit = edits.get(region);
    const items: SyntheticServer[] = [];
    for (let i = start; i < end; i++) {
      if (!listed(i, edit)) continue;
      const item = syntheticServer(region, i);
      items.push(changed(i, edit) ? { ...item, state: 'stopped' } : item);
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(end < total ? { items, next: String(end) } : { items }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return api;
}
