import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/**
 * The worker's own HTTP port: `GET /metrics` (Prometheus text: Discovery's registry, then the Temporal
 * SDK's runtime metrics, which Core serves on a loopback port of its own and are appended here so one
 * scrape target has both) and `GET /health` (the process answers; Kubernetes liveness).
 */
export interface MetricsServerOptions {
  registry: Registry;
  host: string;
  port: number;
  /** Core's Prometheus endpoint (http://127.0.0.1:<port>/metrics), when the runtime exports one. */
  coreMetricsUrl?: string;
  /** Readiness: resolves true while the worker polls. */
  ready?: () => boolean;
}

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

export async function startMetricsServer(opts: MetricsServerOptions): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') {
      res.writeHead(405).end();
      return;
    }
    if (path === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (path === '/ready') {
      const ok = opts.ready ? opts.ready() : true;
      res
        .writeHead(ok ? 200 : 503, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status: ok ? 'ready' : 'not_ready' }));
      return;
    }
    if (path !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    metricsText(opts).then(
      (text) => res.writeHead(200, { 'content-type': opts.registry.contentType }).end(text),
      (err: unknown) => res.writeHead(500).end(String(err)),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function metricsText(
  opts: Pick<MetricsServerOptions, 'registry' | 'coreMetricsUrl'>,
): Promise<string> {
  const own = await opts.registry.metrics();
  if (!opts.coreMetricsUrl) return own;
  let core = '';
  try {
    const res = await fetch(opts.coreMetricsUrl, { signal: AbortSignal.timeout(2000) });
    if (res.ok) core = await res.text();
  } catch {
    // Core's exporter not up (yet): Discovery's own metrics still answer.
  }
  return core ? `${own.trimEnd()}\n${core}` : own;
}
