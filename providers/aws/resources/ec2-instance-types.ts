import { DescribeInstanceTypesCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { PermissionDeniedError } from '../../../core/errors.js';
import type { AwsCredentials } from '../credentials.js';
import { classifyAwsError } from '../errors.js';

/** What an instance type gives a server record: vCPUs and memory (MiB, as EC2 reports it). */
export interface InstanceTypeSpec {
  vcpus: number;
  memoryMiB: number;
}

/** DescribeInstanceTypes takes at most 100 types per call. */
const TYPES_PER_CALL = 100;
const ONE_HOUR_MS = 3_600_000;

interface Entry {
  /** null: EC2 does not know the type, or the credentials may not describe types. */
  spec: InstanceTypeSpec | null;
  expiresAt: number;
}

/**
 * vCPUs and memory per instance type, from EC2 DescribeInstanceTypes (spec §7.5 `cpuAndMemoryByInstanceType`,
 * which read Maestro's static `flavors_public` table instead). Cached per (credentials, region, type) for
 * `ttlMs` in the process, so a crawl asks once per region for the types it has not seen.
 *
 * Failures: an unknown type (InvalidInstanceType) is looked up alone and remembered as unknown; access
 * denied to DescribeInstanceTypes leaves the types unknown (servers are still listed, without cpu/memory);
 * anything else is thrown, so the page is retried.
 */
export class InstanceTypeCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    readonly ttlMs = ONE_HOUR_MS,
    private readonly now: () => number = Date.now,
  ) {}

  async lookup(
    ec2: EC2Client,
    credentials: AwsCredentials,
    region: string,
    types: readonly string[],
    signal?: AbortSignal,
  ): Promise<Map<string, InstanceTypeSpec | null>> {
    const now = this.now();
    this.prune(now);
    const keyOf = (type: string): string => `${credentials.accessKeyId}|${region}|${type}`;
    const missing = [...new Set(types)].filter((t) => !this.entries.has(keyOf(t)));
    for (let i = 0; i < missing.length; i += TYPES_PER_CALL) {
      const chunk = missing.slice(i, i + TYPES_PER_CALL);
      const found = await describeTolerant(ec2, chunk, signal);
      for (const type of chunk)
        this.entries.set(keyOf(type), { spec: found.get(type) ?? null, expiresAt: now + this.ttlMs });
    }
    return new Map(types.map((t) => [t, this.entries.get(keyOf(t))?.spec ?? null]));
  }

  clear(): void {
    this.entries.clear();
  }

  private prune(now: number): void {
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}

/** The process-wide cache the EC2 instances kind uses. */
export const instanceTypeCache = new InstanceTypeCache();

async function describeTolerant(
  ec2: EC2Client,
  types: string[],
  signal: AbortSignal | undefined,
): Promise<Map<string, InstanceTypeSpec>> {
  try {
    return await describe(ec2, types, signal);
  } catch (err) {
    if (classifyAwsError(err) instanceof PermissionDeniedError) return new Map();
    if (errorCode(err) !== 'InvalidInstanceType') throw err;
    // One unknown type fails the whole call: ask for each type alone.
    const out = new Map<string, InstanceTypeSpec>();
    for (const type of types) {
      try {
        for (const [k, v] of await describe(ec2, [type], signal)) out.set(k, v);
      } catch (inner) {
        if (errorCode(inner) !== 'InvalidInstanceType') throw inner;
      }
    }
    return out;
  }
}

async function describe(
  ec2: EC2Client,
  types: string[],
  signal: AbortSignal | undefined,
): Promise<Map<string, InstanceTypeSpec>> {
  const out = new Map<string, InstanceTypeSpec>();
  let token: string | undefined;
  do {
    const page = await ec2.send(
      // No MaxResults: at most 100 types are asked for, and AWS pages only beyond that.
      new DescribeInstanceTypesCommand({ InstanceTypes: types as never[], NextToken: token }),
      { abortSignal: signal },
    );
    for (const t of page.InstanceTypes ?? []) {
      const vcpus = t.VCpuInfo?.DefaultVCpus;
      const memoryMiB = t.MemoryInfo?.SizeInMiB;
      if (t.InstanceType && vcpus !== undefined && memoryMiB !== undefined)
        out.set(t.InstanceType, { vcpus, memoryMiB });
    }
    token = page.NextToken || undefined;
  } while (token);
  return out;
}

function errorCode(err: unknown): string | undefined {
  const e = err as { Code?: string; name?: string } | null;
  return e?.Code ?? e?.name;
}
