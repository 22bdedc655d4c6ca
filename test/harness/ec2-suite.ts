// The common frame of the EC2 per-task tests (test/aws/ec2-*.test.ts): a fresh moto seeded once, an
// EC2 paging proxy in front of it, and the two ways to crawl a command (straight, or paged by the proxy).
import { after, before } from 'node:test';
import { collectKind, type CollectedKind } from './aws-kinds.js';
import { resetMoto } from './aws-seed.js';
import { startEc2PagingProxy, type Ec2PagingProxy } from './ec2-paging-proxy.js';
import { requirePeers } from './env.js';

export interface Ec2TaskSuite<T> {
  readonly endpoint: string;
  /** What `seed` returned (after the `before` hook). */
  readonly seeded: T;
  readonly proxy: Ec2PagingProxy;
  /** Every page of `command` in the suite's region, straight from moto. */
  direct(command: string, pageSize?: number): Promise<CollectedKind>;
  /** Every page of `command` through the paging proxy; its request log is cleared first. */
  paged(command: string, pageSize: number): Promise<CollectedKind>;
}

/** Call inside `describe`: registers the before/after hooks. */
export function ec2TaskSuite<T>(region: string, seed: (endpoint: string) => Promise<T>): Ec2TaskSuite<T> {
  const endpoint = requirePeers().awsEndpoint;
  let seeded: T | undefined;
  let proxy: Ec2PagingProxy | undefined;
  before(async () => {
    await resetMoto(endpoint);
    seeded = await seed(endpoint);
    proxy = await startEc2PagingProxy(endpoint);
  });
  after(async () => {
    await proxy?.close();
  });
  const ready = <V>(v: V | undefined): V => {
    if (v === undefined) throw new Error('ec2TaskSuite: used before its before() hook ran');
    return v;
  };
  return {
    endpoint,
    get seeded() {
      return ready(seeded);
    },
    get proxy() {
      return ready(proxy);
    },
    direct: (command, pageSize = 1000) => collectKind({ endpoint, command, region, pageSize }),
    paged: (command, pageSize) => {
      const p = ready(proxy);
      p.requests.length = 0;
      return collectKind({ endpoint: p.url, command, region, pageSize });
    },
  };
}
