import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback HTTP proxy between the AWS SDK and moto that pages EC2 Describe* answers the way AWS does.
 * moto 5.2 ignores MaxResults/NextToken on most of them (DescribeSnapshots, DescribeSecurityGroups,
 * DescribeSubnets, DescribeNetworkInterfaces, ...) and returns everything at once, so the product's
 * paging could not be exercised against it. For the actions below, the proxy strips MaxResults and
 * NextToken, forwards the call, and cuts moto's full XML list into the requested page, adding a
 * `nextToken` while items remain. Like AWS, it refuses a MaxResults outside the action's range
 * (InvalidParameterValue). Other actions pass through untouched. Only for tests.
 */
export interface Ec2PagingProxy {
  url: string;
  /** Every request, as sent by the client (Action, MaxResults, NextToken and the rest). */
  requests: Array<{ action: string; params: URLSearchParams }>;
  close(): Promise<void>;
}

/** Action → XML list element and the MaxResults range AWS accepts. */
const PAGED: Record<string, { list: string; min: number; max: number }> = {
  DescribeSnapshots: { list: 'snapshotSet', min: 5, max: 1000 },
  DescribeImages: { list: 'imagesSet', min: 5, max: 1000 },
  DescribeSecurityGroups: { list: 'securityGroupInfo', min: 5, max: 1000 },
  DescribeVpcs: { list: 'vpcSet', min: 5, max: 1000 },
  DescribeSubnets: { list: 'subnetSet', min: 5, max: 1000 },
  DescribeVpcPeeringConnections: { list: 'vpcPeeringConnectionSet', min: 5, max: 1000 },
  DescribeVpcEndpoints: { list: 'vpcEndpointSet', min: 5, max: 1000 },
  DescribeRouteTables: { list: 'routeTableSet', min: 5, max: 100 },
  DescribeNetworkInterfaces: { list: 'networkInterfaceSet', min: 5, max: 1000 },
  DescribeNatGateways: { list: 'natGatewaySet', min: 5, max: 1000 },
  DescribeNetworkAcls: { list: 'networkAclSet', min: 5, max: 100 },
  DescribeVolumes: { list: 'volumeSet', min: 5, max: 500 },
};

const TOKEN_PREFIX = 'paging-proxy:';

function awsError(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>paging-proxy</RequestID></Response>`;
}

/** The [start, end) spans of the top-level `<item>` children between `from` and `to`. */
function itemSpans(xml: string, from: number, to: number): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const tag = /<(\/?)item(?:\s[^>]*)?(\/?)>/g;
  tag.lastIndex = from;
  let depth = 0;
  let start = -1;
  for (let m = tag.exec(xml); m && m.index < to; m = tag.exec(xml)) {
    if (m[2] === '/') {
      if (depth === 0) spans.push([m.index, m.index + m[0].length]);
    } else if (m[1] === '/') {
      depth -= 1;
      if (depth === 0) spans.push([start, m.index + m[0].length]);
    } else {
      if (depth === 0) start = m.index;
      depth += 1;
    }
  }
  return spans;
}

/** Moto's full answer cut to `[offset, offset + max)` of its list, plus a nextToken while items remain. */
export function pageXml(
  xml: string,
  list: string,
  offset: number,
  max: number,
  keep: (item: string) => boolean = () => true,
): string {
  const open = new RegExp(`<${list}(?:\\s[^>]*)?>`).exec(xml);
  const close = xml.lastIndexOf(`</${list}>`);
  if (!open || close < 0) return xml; // an empty list (`<x/>`) or none: nothing to cut
  const bodyStart = open.index + open[0].length;
  const spans = itemSpans(xml, bodyStart, close).filter(([s, e]) => keep(xml.slice(s, e)));
  const kept = spans.slice(offset, offset + max).map(([s, e]) => xml.slice(s, e));
  const more = offset + max < spans.length;
  const next = more ? `<nextToken>${TOKEN_PREFIX}${offset + max}</nextToken>` : '';
  const rootClose = xml.lastIndexOf('</');
  const tail = xml.slice(close, rootClose);
  return `${xml.slice(0, bodyStart)}${kept.join('')}${tail}${next}${xml.slice(rootClose)}`;
}

/** moto's account when the request names none (its default), what `self` stands for. */
const MOTO_ACCOUNT = '123456789012';

/**
 * DescribeSnapshots' `Owner.N` filter as AWS applies it (moto ignores it and returns its ~1,300
 * built-in snapshots of other accounts): `self` is moto's default account, other values account ids.
 */
function ownerFilter(params: URLSearchParams): ((item: string) => boolean) | undefined {
  const owners = [...params.entries()]
    .filter(([k]) => /^Owner\.\d+$/.test(k))
    .map(([, v]) => (v === 'self' ? MOTO_ACCOUNT : v));
  if (owners.length === 0) return undefined;
  return (item) => owners.includes(/<ownerId>([^<]*)<\/ownerId>/.exec(item)?.[1] ?? '');
}

export interface Ec2PagingProxyOptions {
  /** Apply DescribeSnapshots' owner filter (off: moto's answer as it is, every owner's snapshots). */
  snapshotOwners?: boolean;
}

export async function startEc2PagingProxy(
  target: string,
  options: Ec2PagingProxyOptions = {},
): Promise<Ec2PagingProxy> {
  const upstream = new URL(target);
  const proxy: Ec2PagingProxy = {
    url: '',
    requests: [],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const forward = (
    req: IncomingMessage,
    body: Buffer,
    onBody: (status: number, headers: IncomingMessage['headers'], text: Buffer) => void,
  ): void => {
    const headers = { ...req.headers, 'content-length': String(body.length) };
    const fwd = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
      (up) => {
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', () => onBody(up.statusCode ?? 502, up.headers, Buffer.concat(chunks)));
      },
    );
    fwd.on('error', (err) => onBody(502, {}, Buffer.from(String(err))));
    fwd.end(body);
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const params = new URLSearchParams(raw.toString('utf8'));
      const action = params.get('Action') ?? '';
      const paged = PAGED[action];
      const maxRaw = params.get('MaxResults');
      const send = (status: number, headers: IncomingMessage['headers'], text: Buffer | string): void => {
        const buf = Buffer.isBuffer(text) ? text : Buffer.from(text);
        const { 'content-length': _len, 'transfer-encoding': _te, ...rest } = headers;
        res.writeHead(status, { ...rest, 'content-length': String(buf.length) }).end(buf);
      };
      proxy.requests.push({ action, params: new URLSearchParams(params) });
      if (!paged || maxRaw === null) {
        forward(req, raw, send);
        return;
      }
      const maxResults = Number(maxRaw);
      const token = params.get('NextToken') ?? undefined;
      if (!Number.isInteger(maxResults) || maxResults < paged.min || maxResults > paged.max) {
        send(
          400,
          { 'content-type': 'text/xml' },
          awsError('InvalidParameterValue', `MaxResults must be between ${paged.min} and ${paged.max}`),
        );
        return;
      }
      const offset = token === undefined ? 0 : Number(token.slice(TOKEN_PREFIX.length));
      if (token !== undefined && (!token.startsWith(TOKEN_PREFIX) || !Number.isInteger(offset))) {
        send(
          400,
          { 'content-type': 'text/xml' },
          awsError('InvalidNextToken', `The token '${token}' is invalid`),
        );
        return;
      }
      const keep = options.snapshotOwners && action === 'DescribeSnapshots' ? ownerFilter(params) : undefined;
      params.delete('MaxResults');
      params.delete('NextToken');
      forward(req, Buffer.from(params.toString()), (status, headers, body) => {
        if (status !== 200) return send(status, headers, body);
        send(status, headers, pageXml(body.toString('utf8'), paged.list, offset, maxResults, keep));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
