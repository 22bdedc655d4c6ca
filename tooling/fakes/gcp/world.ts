// The GCP fake's world: an organization's projects with their Compute resources and buckets, built by
// multiplying the hand-written payloads of test/fixtures/gcp/ (kit `variant`), and the service-account
// keys it accepts. Tests change it between crawls (delete an instance, deny a project).
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { variant } from '../kit.js';

export const COLLECTIONS = [
  'instances',
  'disks',
  'snapshots',
  'images',
  'networks',
  'subnetworks',
  'routes',
  'firewalls',
  'forwardingRules',
  'backendServices',
  'buckets',
] as const;
export type Collection = (typeof COLLECTIONS)[number];

type Item = Record<string, unknown>;

export interface FakeProject {
  projectId: string;
  /** Project number (12 digits). */
  number: string;
  /** `organizations/<id>` or `folders/<id>`. */
  parent: string;
  state: 'ACTIVE' | 'DELETE_REQUESTED';
  displayName: string;
  /** Compute and Storage answer PERMISSION_DENIED for this project (the key has no role on it). */
  denied?: boolean;
  /** The Compute Engine API is not enabled: Compute answers SERVICE_DISABLED. */
  computeDisabled?: boolean;
  resources: Record<Collection, Item[]>;
}

/** A service-account key file as Google issues it (the JSON a user pastes into a connection). */
export interface ServiceAccountKey {
  type: 'service_account';
  project_id: string;
  private_key_id: string;
  private_key: string;
  client_email: string;
  client_id: string;
  auth_uri: string;
  token_uri: string;
  auth_provider_x509_cert_url: string;
  client_x509_cert_url: string;
  universe_domain: string;
}

export interface FakeKey {
  email: string;
  publicKey: KeyObject;
  /** Deleted in IAM: every JWT signed with it is refused (401). */
  revoked?: boolean;
}

export interface FakeFolder {
  /** `folders/<id>`. */
  name: string;
  /** `organizations/<id>` or `folders/<id>`. */
  parent: string;
  displayName: string;
  state: 'ACTIVE' | 'DELETE_REQUESTED';
}

export interface GcpWorld {
  projects: FakeProject[];
  folders: FakeFolder[];
  /** By `private_key_id` (the JWT `kid`). */
  keys: Map<string, FakeKey>;
  /** Machine types of the catalogue (same in every zone): name → vCPUs and MiB. */
  machineTypes: Record<string, { guestCpus: number; memoryMb: number }>;
}

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/gcp/', import.meta.url));
const templates = new Map<string, Item>();
export function fixture(name: string): Item {
  let t = templates.get(name);
  if (!t) {
    t = JSON.parse(readFileSync(`${FIXTURES}${name}.json`, 'utf8')) as Item;
    templates.set(name, t);
  }
  return structuredClone(t);
}

/** A new RSA service-account key for `email`, registered in `world`; returns the key file. */
export function addServiceAccountKey(
  world: GcpWorld,
  projectId: string,
  name = 'discovery',
): ServiceAccountKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const email = `${name}@${projectId}.iam.gserviceaccount.com`;
  const kid = randomBytes(20).toString('hex');
  world.keys.set(kid, { email, publicKey });
  return {
    type: 'service_account',
    project_id: projectId,
    private_key_id: kid,
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    client_email: email,
    client_id: String(100000000000000000000n + BigInt(world.keys.size)),
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: 'https://oauth2.googleapis.com/token',
    auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
    client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(email)}`,
    universe_domain: 'googleapis.com',
  };
}

const ZONES = ['us-central1-a', 'us-central1-b', 'europe-west1-b'];

function regionOf(zone: string): string {
  return zone.slice(0, zone.lastIndexOf('-'));
}

/** The template's text with its project, project number and location replaced. */
function relocate(template: Item, p: { projectId: string; number: string }, zone: string): Item {
  const text = JSON.stringify(template)
    .replaceAll('acme-prod', p.projectId)
    .replaceAll('111111111111', p.number)
    .replaceAll('us-central1-a', zone)
    .replaceAll('us-central1', regionOf(zone));
  return JSON.parse(text) as Item;
}

/** Numeric ids unique per project and collection: project number, collection index, item index. */
function idOf(p: { number: string }, collection: Collection, i: number): string {
  return `${p.number}${String(COLLECTIONS.indexOf(collection)).padStart(2, '0')}${String(i).padStart(5, '0')}`;
}

const RENAME: Record<Collection, [template: string, oldName: string]> = {
  instances: ['instance', 'web-1'],
  disks: ['disk', 'web-1-data'],
  snapshots: ['snapshot', 'web-data-2024-03-01'],
  images: ['image', 'web-base-v12'],
  networks: ['network', 'prod-vpc'],
  subnetworks: ['subnetwork', 'prod-us'],
  routes: ['route', 'default-internet'],
  firewalls: ['firewall', 'allow-https'],
  forwardingRules: ['forwarding-rule', 'web-lb'],
  backendServices: ['backend-service', 'web-backend'],
  buckets: ['bucket', 'acme-prod-assets'],
};

/** `count` resources of `collection` for project `p`, spread over three zones. */
export function makeResources(
  p: { projectId: string; number: string },
  collection: Collection,
  count: number,
  from = 0,
): Item[] {
  const [templateName, oldName] = RENAME[collection];
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    const zone = ZONES[i % ZONES.length] as string;
    // Every fifth instance is a stopped (TERMINATED) preemptible one with a custom machine type.
    const name = collection === 'instances' && i % 5 === 4 ? 'instance-terminated' : templateName;
    const template = relocate(fixture(name), p, zone);
    return variant(
      template,
      (copy) => {
        const newName = collection === 'buckets' ? `${p.projectId}-assets-${i}` : `${oldName}-${i}`;
        const patched = JSON.parse(
          JSON.stringify(copy)
            .replaceAll(`"${oldName}"`, `"${newName}"`)
            .replaceAll(`/${oldName}"`, `/${newName}"`),
        ) as Item;
        for (const k of Object.keys(copy)) delete copy[k];
        Object.assign(
          copy,
          patched,
          collection === 'buckets' ? { id: newName, name: newName } : { id: idOf(p, collection, i) },
        );
      },
      i,
    );
  });
}

export function makeProject(
  projectId: string,
  number: string,
  parent: string,
  counts: Partial<Record<Collection, number>> = {},
  flags: { denied?: boolean; computeDisabled?: boolean } = {},
): FakeProject {
  const p = { projectId, number };
  const resources = Object.fromEntries(
    COLLECTIONS.map((c) => [c, makeResources(p, c, counts[c] ?? 0)]),
  ) as Record<Collection, Item[]>;
  return {
    projectId,
    number,
    parent,
    state: 'ACTIVE',
    displayName: projectId,
    ...flags,
    resources,
  };
}

export function emptyWorld(): GcpWorld {
  return {
    projects: [],
    folders: [],
    keys: new Map(),
    machineTypes: {
      'n2-standard-4': { guestCpus: 4, memoryMb: 16384 },
      'e2-medium': { guestCpus: 2, memoryMb: 4096 },
    },
  };
}

/** The Resource Manager view of a project (v3 `Project`). */
export function projectResource(p: FakeProject): Item {
  const t = fixture('project');
  return {
    ...t,
    name: `projects/${p.number}`,
    parent: p.parent,
    projectId: p.projectId,
    state: p.state,
    displayName: p.displayName,
  };
}
