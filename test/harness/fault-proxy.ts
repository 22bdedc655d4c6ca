import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP proxy between the AWS SDK and moto, on loopback: it forwards every call and can inject
 * failures per region, per action (rules) and latency, counts calls per (region, action) and can record
 * request bodies. Only for tests and benches.
 */
export interface FaultProxy {
  url: string;
  /** Regions whose every call answers HTTP 500 (an AWS-shaped InternalError). */
  failRegions: Set<string>;
  /** Regions whose calls answer 403 UnauthorizedOperation. */
  denyRegions: Set<string>;
  /** Added latency per call, in ms (per action, or '*'). */
  delayMs: Map<string, number>;
  /** Errors answered to the calls a rule matches (first matching rule wins), in the protocol's format. */
  rules: FaultRule[];
  /** `<region>/<Action>` → number of calls forwarded or answered. */
  calls: Map<string, number>;
  /** Every call's region, action and URL-decoded body, when `recording` is on. */
  recording: boolean;
  requests: Array<{ region: string; action: string; body: string }>;
  count(region: string, action: string): number;
  close(): Promise<void>;
}

/** An injected AWS error for the calls that match every given criterion. */
export interface FaultRule {
  /** The API action (`AssumeRole`, `DescribeInstances`). */
  action: string;
  /** The signing region; any when absent. */
  region?: string;
  /** Tested against the URL-decoded request body (e.g. the `RoleArn` of an AssumeRole). */
  body?: RegExp;
  status: number;
  code: string;
  /** Answer this many matching calls, then stop matching (default: every one). */
  times?: number;
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

/**
 * The error body of the call's protocol: JSON (`X-Amz-Target` services), EC2's `<Response><Errors>`,
 * or the query protocol's `<ErrorResponse>` (STS, IAM, ...).
 */
function protocolError(
  req: IncomingMessage,
  body: string,
  rule: FaultRule,
): [string, Record<string, string>] {
  const message = 'injected by the fault proxy';
  if (req.headers['x-amz-target']) {
    return [
      JSON.stringify({ __type: rule.code, message }),
      { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': rule.code },
    ];
  }
  if (/(?:^|&)Version=2016-11-15(?:&|$)/.test(body)) {
    return [awsError(rule.code, message), { 'content-type': 'text/xml' }];
  }
  return [
    `<ErrorResponse><Error><Type>Sender</Type><Code>${rule.code}</Code><Message>${message}</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>`,
    { 'content-type': 'text/xml' },
  ];
}

function decodeBody(body: string): string {
  try {
    return decodeURIComponent(body.replace(/\+/g, ' '));
  } catch {
    return body;
  }
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const proxy: FaultProxy = {
    url: '',
    failRegions: new Set(),
    denyRegions: new Set(),
    delayMs: new Map(),
    rules: [],
    calls: new Map(),
    recording: false,
    requests: [],
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
      const text = body.toString('utf8');
      const decoded = decodeBody(text);
      if (proxy.recording) proxy.requests.push({ region, action, body: decoded });
      const rule = proxy.rules.find(
        (r) =>
          r.action === action &&
          (r.region === undefined || r.region === region) &&
          (r.body === undefined || r.body.test(decoded)),
      );
      const delay = proxy.delayMs.get(action) ?? proxy.delayMs.get('*') ?? 0;
      setTimeout(() => {
        if (rule) {
          if (rule.times !== undefined && --rule.times <= 0) proxy.rules.splice(proxy.rules.indexOf(rule), 1);
          const [payload, headers] = protocolError(req, text, rule);
          res.writeHead(rule.status, headers).end(payload);
          return;
        }
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
