// Bounded memory of the file sources (issue #15): reads a generated ~200 MB Terraform state and a
// directory of 10,000 Ansible fact files through the real extractors and the file-page cursor, page by
// page as the crawl's fetch step does, and prints the peak RSS of each. Offline, no peers:
//   node --import tsx bench/files-memory.ts [--state-mb 200] [--hosts 10000] [--page 200]
// The files come from a local-directory source (this script's): the transports only hand the cursor a
// byte stream, so what is measured is what the crawl holds while it reads.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { ANSIBLE_KINDS } from '../providers/ansible/kinds.js';
import { closeFileCursors, listFilePage, type FileSource } from '../providers/files/cursor.js';
import type { FileKind } from '../providers/files/kind.js';
import { TERRAFORM_KINDS } from '../providers/terraform/kinds.js';

const MB = 1024 * 1024;
const { values: args } = parseArgs({
  options: {
    'state-mb': { type: 'string', default: '200' },
    hosts: { type: 'string', default: '10000' },
    page: { type: 'string', default: '200' },
  },
});

let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20);
sampler.unref();

function dirSource(dir: string): FileSource {
  return {
    where: dir,
    list: async () => ({ names: (await readdir(dir)).sort().map((n) => join(dir, n)), next: undefined }),
    open: (name) => Promise.resolve(createReadStream(name)),
    close: () => Promise.resolve(),
  };
}

/** Pages through one kind as the fetch step does, keeping nothing but counts. */
async function drain(
  kind: FileKind,
  dir: string,
  pageSize: number,
): Promise<{ items: number; records: number }> {
  let token: string | undefined;
  let items = 0;
  let records = 0;
  const ctx = { connectionId: 'bench', dc: 'bench', dcId: 'bench', provider: 'bench', region: 'global' };
  do {
    const page = await listFilePage({
      sourceKey: `bench-${kind.command}`,
      connect: () => Promise.resolve(dirSource(dir)),
      extract: kind.extract,
      pageSize,
      token,
      signal: new AbortController().signal,
    });
    items += page.items.length;
    for (const raw of page.items) records += kind.normalize(raw, ctx).length;
    token = page.nextToken;
  } while (token);
  return { items, records };
}

async function write(out: NodeJS.WritableStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/** A state of `aws_instance`s with a few KB of attributes each, until it reaches `targetMb`. */
async function makeState(file: string, targetMb: number): Promise<number> {
  const out = createWriteStream(file);
  await write(
    out,
    '{"version":4,"terraform_version":"1.6.6","serial":1,"lineage":"bench","outputs":{},"resources":[',
  );
  let bytes = 0;
  let n = 0;
  const userData = 'x'.repeat(1500);
  while (bytes < targetMb * MB) {
    const r = JSON.stringify({
      mode: 'managed',
      type: n % 5 === 4 ? 'aws_ebs_volume' : 'aws_instance',
      name: `r${n}`,
      provider: 'provider["registry.terraform.io/hashicorp/aws"]',
      instances: [
        {
          schema_version: 1,
          attributes: {
            id:
              n % 5 === 4
                ? `vol-${n.toString(16).padStart(17, '0')}`
                : `i-${n.toString(16).padStart(17, '0')}`,
            ami: 'ami-0c7217cdde317cfec',
            instance_state: 'running',
            instance_type: 't3.micro',
            private_ip: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
            size: 8,
            tags: { Name: `r${n}`, env: 'bench' },
            root_block_device: [{ device_name: '/dev/xvda', volume_id: `vol-r${n}`, volume_size: 8 }],
            user_data: userData,
          },
        },
      ],
    });
    await write(out, (n === 0 ? '' : ',') + r);
    bytes += r.length + 1;
    n += 1;
  }
  await write(out, ']}');
  out.end();
  await once(out, 'finish');
  return n;
}

async function makeFacts(dir: string, hosts: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  const env = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`VAR_${i}`, 'v'.repeat(40)]));
  for (let i = 0; i < hosts; i++) {
    const facts = {
      ansible_facts: {
        ansible_machine_id: `m${i.toString(16).padStart(31, '0')}`,
        ansible_nodename: `host-${i}`,
        ansible_default_ipv4: { address: `10.1.${(i >> 8) & 255}.${i & 255}` },
        ansible_memtotal_mb: 4096,
        ansible_processor_vcpus: 2,
        ansible_env: env,
        ansible_devices: {
          sda: { sectors: '16777216', size: '8.00 GB', links: { ids: [`ata-DISK_${i}`] }, partitions: {} },
          sdb: {
            sectors: '33554432',
            size: '16.00 GB',
            links: { ids: [], uuids: [`u-${i}`] },
            partitions: {},
          },
        },
      },
    };
    await writeFile(join(dir, `host-${String(i).padStart(5, '0')}.json`), JSON.stringify(facts));
  }
}

async function measure(label: string, fn: () => Promise<string>): Promise<void> {
  global.gc?.();
  peak = process.memoryUsage().rss;
  const base = peak;
  const started = Date.now();
  const what = await fn();
  await closeFileCursors();
  const s = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `bench-files: ${label}: ${what} in ${s} s; peak RSS ${(peak / MB).toFixed(0)} MB (${((peak - base) / MB).toFixed(0)} MB above the start)`,
  );
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'discovery-bench-files-'));
  const pageSize = Number(args.page);
  try {
    const stateDir = join(work, 'state');
    await mkdir(stateDir);
    const stateFile = join(stateDir, 'terraform.tfstate');
    const resources = await makeState(stateFile, Number(args['state-mb']));
    const size = (await stat(stateFile)).size / MB;
    const factsDir = join(work, 'facts');
    await makeFacts(factsDir, Number(args.hosts));
    for (const command of ['statefile_instances', 'statefile_ebs']) {
      const kind = TERRAFORM_KINDS.find((k) => k.command === command) as FileKind;
      await measure(`${command} over a ${size.toFixed(0)} MB state (${resources} resources)`, async () => {
        const r = await drain(kind, stateDir, pageSize);
        return `${r.items} items, ${r.records} records`;
      });
    }
    for (const command of ['ansible_facts', 'ansible_devices']) {
      const kind = ANSIBLE_KINDS.find((k) => k.command === command) as FileKind;
      await measure(`${command} over ${args.hosts} fact files`, async () => {
        const r = await drain(kind, factsDir, pageSize);
        return `${r.items} items, ${r.records} records`;
      });
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
