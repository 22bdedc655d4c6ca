import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP proxy between the AWS SDK and moto, on loopback: it forwards every call and can inject
 * failures per region and latency, and counts calls per (region, action). Only for tests and benches.
 */
export interface FaultProxy {
  url: string;
  /** Regions whose every call answers HTTP 500 (an AWS-shaped InternalError). */
  failRegions: Set<string>;
  /** Regions whose calls answer 403 UnauthorizedOperation. */
  denyRegions: Set<string>;
  /** Added latency per call, in ms (per action, or '*'). */
  delayMs: Map<string, number>;
  /** `<region>/<Action>` → number of calls forwarded or answered. */
  calls: Map<string, number>;
  count(region: string, action: string): number;
  close(): Promise<void>;
}

function regionOf(req: IncomingMessage): string {
  const auth = req.headers.authorization ?? '';
  const m = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(auth);
  return m?.[1] ?? 'unknown';
}

function actionOf(body: Buffer, req: IncomingMessage): string {
  const m = /(?:^|&)Action=([A-Za-z0-9]+)/.exec(body.toString('utf8'));
  return m?.[1] ?? String(req.headers['x-amz-target'] ?? req.method);
}

function awsError(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>fault-proxy</RequestID></Response>`;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const proxy: FaultProxy = {
    url: '',
    failRegions: new Set(),
    denyRegions: new Set(),
    delayMs: new Map(),
    calls: new Map(),
    count: (region, action) => proxy.calls.get(`${region}/${action}`) ?? 0,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const region = regionOf(req);
      const action = actionOf(body, req);
      const key = `${region}/${action}`;
      proxy.calls.set(key, (proxy.calls.get(key) ?? 0) + 1);
      const delay = proxy.delayMs.get(action) ?? proxy.delayMs.get('*') ?? 0;
      setTimeout(() => {
        if (proxy.failRegions.has(region)) {
          res
            .writeHead(500, { 'content-type': 'text/xml' })
            .end(awsError('InternalError', 'injected by the fault proxy'));
          return;
        }
        if (proxy.denyRegions.has(region)) {
          res
            .writeHead(403, { 'content-type': 'text/xml' })
            .end(awsError('UnauthorizedOperation', 'injected by the fault proxy'));
          return;
        }
        const fwd = httpRequest(
          {
            host: upstream.hostname,
            port: upstream.port,
            method: req.method,
            path: req.url,
            headers: req.headers,
          },
          (up) => {
            res.writeHead(up.statusCode ?? 502, up.headers);
            up.pipe(res);
          },
        );
        fwd.on('error', (err) => res.writeHead(502).end(String(err)));
        fwd.end(body);
      }, delay);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
