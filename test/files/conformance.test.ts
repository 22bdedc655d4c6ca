// The provider conformance suite (test/harness/conformance.ts) for the three file sources (Maestro JSON,
// Ansible facts, Terraform state) over their S3 transport on moto: every command pages (a page is
// `pageSize` items read across the source's files), records are clean and stable, each S3 fault is
// classified, and a crawl through Temporal leaks no key into the store, the log or the histories.
// The fault proxy sits between the transport and moto (DISCOVERY_FILES_S3_ENDPOINT). A file source has
// no regions, so no RegionDisabled fault applies.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ansibleProvider } from '../../providers/ansible/index.js';
import { fileProvider } from '../../providers/file/index.js';
import type { FileCredentials } from '../../providers/files/credentials.js';
import type { FilesSettings } from '../../providers/files/definition.js';
import { terraformProvider } from '../../providers/terraform/index.js';
import type { ProviderDefinition } from '../../providers/types.js';
import { seedMaestroConnection } from '../harness/connections.js';
import { describeConformance } from '../harness/conformance.js';
import { requirePeers } from '../harness/env.js';
import { startFaultProxy, type FaultRule } from '../harness/fault-proxy.js';
import { FIXTURES } from './golden-support.js';

const ACCESS = 'AKIAFILESCONFORMANCE';
const SECRET = 'files-conformance-Secret-4711';
const BUCKET = `files-conformance-${Date.now().toString(36)}`;

const moto = requirePeers().awsEndpoint;
const faults = await startFaultProxy(moto);
after(() => faults.close());

/** Two more of every Maestro JSON entity, so that each command reads more than one item. */
const MORE_MAESTRO = {
  servers: [1, 2].map((n) => ({ hostname: `extra-${n}`, ipv4_private: `10.9.0.${n}`, status: 'Active' })),
  applications: [1, 2].map((n) => ({ name: `extra-app-${n}`, family: 'Database', provider: 'on-prem' })),
  volumes: [1, 2].map((n) => ({ name: `extra-vol-${n}`, size: 10 * n })),
  snapshots: [1, 2].map((n) => ({ name: `extra-snap-${n}`, volume_id: `extra-vol-${n}` })),
  images: [1, 2].map((n) => ({ name: `extra-image-${n}`, plataform: 'linux' })),
  flavors: [1, 2].map((n) => ({ name: `extra-flavor-${n}`, cpu: n, memory: 2 * n })),
};

before(async () => {
  const s3 = new S3Client({
    region: 'us-east-1',
    endpoint: moto,
    forcePathStyle: true,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
  const put = (Key: string, Body: string) => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }));
  const fixture = (path: string) => readFile(join(FIXTURES, path), 'utf8');
  try {
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await put('maestro/inventory.json', await fixture('maestro/inventory.json'));
    await put('maestro/more.json', await fixture('maestro/more.json'));
    await put('maestro/extra.json', JSON.stringify(MORE_MAESTRO));
    await put('ansible/web-01.json', await fixture('ansible/web-01.json'));
    await put('ansible/db-01.json', await fixture('ansible/db-01.json'));
    const state = await fixture('terraform/terraform.tfstate');
    await put('terraform/a.tfstate', state);
    // The same state with other instance and volume ids: a second file of the source.
    await put('terraform/b.tfstate', state.replaceAll('"i-0', '"i-9').replaceAll('"vol-0', '"vol-9'));
  } finally {
    s3.destroy();
  }
});

/** Every S3 call (list and get: both GET) answers `code` with HTTP `status` until removed. */
const fault = (status: number, code: string) => () => {
  const rule: FaultRule = { action: 'GET', status, code };
  faults.rules.push(rule);
  return () => {
    faults.rules.splice(faults.rules.indexOf(rule), 1);
  };
};

function conformance(
  definition: ProviderDefinition<FilesSettings, FileCredentials>,
  opts: { label: string; service: string; prefix: string; task: string },
): void {
  const credentials = { bucket: BUCKET, path: opts.prefix, access: ACCESS, secret: SECRET };
  describeConformance({
    definition,
    settings: () => ({ serverUri: 'http://127.0.0.1:9', s3Endpoint: faults.url }),
    connection: () => ({
      id: '65a000000000000000000042',
      provider: opts.label,
      service: opts.service,
      dc: 'On-premises',
      dcId: '65a0000000000000000000dc',
      regions: ['all'],
      options: {},
      credentials: definition.parseCredentials(credentials),
    }),
    // One item per page: every command's items span at least two pages.
    pageSize: 1,
    faults: {
      InvalidCredentials: fault(403, 'InvalidAccessKeyId'),
      PermissionDenied: fault(403, 'AccessDenied'),
      Throttled: fault(503, 'SlowDown'),
      Transient: fault(500, 'InternalError'),
    },
    secrets: [SECRET],
    crawl: {
      task: opts.task,
      env: { DISCOVERY_FILES_S3_ENDPOINT: moto },
      seed: (db, config) =>
        seedMaestroConnection(db, {
          provider: opts.label,
          service: opts.service,
          regions: ['all'],
          dc: 'On-premises',
          secretJwt: config.secretJwt,
          credentials,
        }),
    },
  });
}

conformance(fileProvider, { label: 'File', service: 's3_file', prefix: 'maestro/', task: 'server-import' });
conformance(ansibleProvider, {
  label: 'Ansible',
  service: 's3_ansible',
  prefix: 'ansible/',
  task: 'server-list',
});
conformance(terraformProvider, {
  label: 'Terraform',
  service: 's3_terraform',
  prefix: 'terraform/',
  task: 'server-list',
});
