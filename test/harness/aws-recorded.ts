// Recorded AWS responses for the operations moto does not implement, served on the same endpoint seam
// as moto (one AWS_ENDPOINT_URL for every service): a loopback HTTP server that answers the recorded
// operations itself and forwards every other request, unchanged, to moto.
//
// A request's service is the one in its SigV4 credential scope (`Credential=<key>/<date>/<region>/
// <service>/aws4_request`), as moto routes it. The recorded bodies (test/fixtures/aws/recorded/) are
// shaped exactly as the AWS API references document the responses: XML for the Query protocol
// (CloudSearch) and for CloudFront's REST-XML.
//
//   const aws = await startRecordedAws(peers.awsEndpoint);   // aws.endpoint → collectKind({endpoint})
//   ...; aws.served → ["cloudsearch:DescribeDomains", ...]; await aws.close();
import { readFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  service: string;
  region: string;
  path: string;
  query: URLSearchParams;
  /** The body parsed as a form (Query protocol); empty for other bodies. */
  form: URLSearchParams;
}

export interface RecordedResponse {
  status: number;
  contentType: string;
  body: string;
}

export interface RecordedOperation {
  /** `<service>:<Operation>`, as listed in docs/aws.md. */
  name: string;
  matches(req: RecordedRequest): boolean;
  respond(req: RecordedRequest): RecordedResponse;
}

function recorded(file: string): string {
  return readFileSync(new URL(`../fixtures/aws/recorded/${file}`, import.meta.url), 'utf8');
}

const XML = 'text/xml';

/** The `<Marker>` a recorded CloudFront list page answers. */
function pageMarker(xml: string): string {
  return /<Marker>([^<]*)<\/Marker>/.exec(xml)?.[1] ?? '';
}

/**
 * Recorded pages of a Marker-paged CloudFront list: the page whose `<Marker>` is the request's
 * `Marker` (none: the first page). An unknown marker is refused as AWS refuses it.
 */
function markerPages(files: string[]): (req: RecordedRequest) => RecordedResponse {
  const pages = files.map(recorded);
  return (req) => {
    const marker = req.query.get('Marker') ?? '';
    const page = pages.find((p) => pageMarker(p) === marker);
    if (page) return { status: 200, contentType: XML, body: page };
    return {
      status: 400,
      contentType: XML,
      body:
        '<?xml version="1.0"?><ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">' +
        `<Error><Type>Sender</Type><Code>InvalidArgument</Code><Message>Invalid marker: ${marker}</Message></Error>` +
        '<RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>',
    };
  };
}

/**
 * Two recorded JSON pages: the first without the request token `param`, the second for the token the
 * first page returns in `field`. Any other token is refused.
 */
function jsonTokenPages(
  files: [string, string],
  param: string,
  field: string,
): (req: RecordedRequest) => RecordedResponse {
  const [first, second] = files.map(recorded) as [string, string];
  const next = (JSON.parse(first) as Record<string, unknown>)[field];
  return (req) => {
    const token = req.query.get(param);
    if (!token) return { status: 200, contentType: 'application/json', body: first };
    if (token === next) return { status: 200, contentType: 'application/json', body: second };
    return {
      status: 400,
      contentType: 'application/json',
      body: JSON.stringify({ message: `Invalid ${param}: ${token}` }),
    };
  };
}

/**
 * Paging fixtures for operations moto implements without paging (it ignores the page size): passed to
 * startRecordedAws by the tests of Lambda's Marker and API Gateway's position, not served by default.
 */
export const RECORDED_LAMBDA_FUNCTION_PAGES: RecordedOperation = {
  name: 'lambda:ListFunctions',
  matches: (r) => r.service === 'lambda' && r.method === 'GET' && /^\/2015-03-31\/functions\/?$/.test(r.path),
  respond: jsonTokenPages(
    ['lambda-list-functions-1.json', 'lambda-list-functions-2.json'],
    'Marker',
    'NextMarker',
  ),
};

export const RECORDED_REST_API_PAGES: RecordedOperation = {
  name: 'apigateway:GetRestApis',
  matches: (r) => r.service === 'apigateway' && r.method === 'GET' && r.path === '/restapis',
  respond: jsonTokenPages(
    ['apigateway-get-rest-apis-1.json', 'apigateway-get-rest-apis-2.json'],
    'position',
    'position',
  ),
};

/** The operations moto lacks (moto 5.2.5), with their recorded responses. */
export const RECORDED_OPERATIONS: readonly RecordedOperation[] = [
  {
    name: 'cloudsearch:DescribeDomains',
    matches: (r) => r.service === 'cloudsearch' && r.form.get('Action') === 'DescribeDomains',
    respond: () => ({ status: 200, contentType: XML, body: recorded('cloudsearch-describe-domains.xml') }),
  },
  {
    name: 'cloudfront:ListStreamingDistributions',
    matches: (r) =>
      r.service === 'cloudfront' &&
      r.method === 'GET' &&
      /^\/20\d\d-\d\d-\d\d\/streaming-distribution\/?$/.test(r.path),
    respond: markerPages([
      'cloudfront-list-streaming-distributions-1.xml',
      'cloudfront-list-streaming-distributions-2.xml',
    ]),
  },
];

const SCOPE = /Credential=[^/,\s]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;

export interface RecordedAws {
  endpoint: string;
  /** Names of the recorded operations answered so far, in order (one entry per request). */
  served: string[];
  /** Requests forwarded to moto so far. */
  forwarded: number;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function forward(target: URL, req: IncomingMessage, body: Buffer, res: ServerResponse): void {
  const out = request(
    { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
    (upstream) => {
      res.writeHead(upstream.statusCode ?? 502, upstream.headers);
      upstream.pipe(res);
    },
  );
  out.on('error', (err) => {
    res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(`aws-recorded: forwarding to ${target.origin} failed: ${err.message}`);
  });
  out.end(body);
}

/** Starts the server on 127.0.0.1 (a free port) in front of `motoEndpoint`. */
export async function startRecordedAws(
  motoEndpoint: string,
  operations: readonly RecordedOperation[] = RECORDED_OPERATIONS,
): Promise<RecordedAws> {
  const target = new URL(motoEndpoint);
  const state = { served: [] as string[], forwarded: 0 };
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const url = new URL(req.url ?? '/', 'http://recorded.invalid');
      const scope = SCOPE.exec(req.headers.authorization ?? '');
      const isForm = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
      const parsed: RecordedRequest = {
        method: req.method ?? 'GET',
        region: scope?.[1] ?? '',
        service: scope?.[2] ?? '',
        path: url.pathname,
        query: url.searchParams,
        form: new URLSearchParams(isForm ? body.toString('utf8') : ''),
      };
      const op = operations.find((o) => o.matches(parsed));
      if (!op) {
        state.forwarded += 1;
        forward(target, req, body, res);
        return;
      }
      state.served.push(op.name);
      const answer = op.respond(parsed);
      res.writeHead(answer.status, {
        'content-type': answer.contentType,
        'x-amzn-requestid': '00000000-0000-0000-0000-000000000000',
      });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    get served() {
      return state.served;
    },
    get forwarded() {
      return state.forwarded;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
