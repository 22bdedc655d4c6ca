import { ansibleFacts } from '../files/formats.js';
import type { FileKind } from '../files/kind.js';
import { ANSIBLE_SERVER_FIELDS, normalizeAnsibleServer, redactEnv } from './resources/servers.js';
import { ANSIBLE_VOLUME_FIELDS, normalizeAnsibleVolumes } from './resources/volumes.js';
import { hostId } from './resources/facts.js';
import type { Extract } from '../files/formats.js';
import { FileDataError } from '../files/errors.js';

/**
 * Facts from which no host `unique_id` can be made cannot be tracked: the file is refused. The
 * environment's secret-looking values are redacted here already, so they are not even staged.
 */
const identifiedFacts: Extract = async function* (input, file) {
  for await (const raw of ansibleFacts(input, file)) {
    const facts = raw as Record<string, unknown>;
    if (hostId(facts) === undefined)
      throw new FileDataError(
        file,
        'no host identity (none of ansible_machine_id, ansible_product_uuid, ansible_fqdn, ansible_nodename, ansible_default_ipv4)',
      );
    yield facts.ansible_env === undefined ? facts : { ...facts, ansible_env: redactEnv(facts.ansible_env) };
  }
};

/** The Ansible commands (spec §3.1 "Ansible facts"). */
export const ANSIBLE_KINDS: readonly FileKind[] = [
  {
    command: 'ansible_facts',
    entity: 'servers',
    fields: ANSIBLE_SERVER_FIELDS,
    recipe: { access: 'ansible_facts', result_path: 'ansible_facts', key_comparer: 'ipv4_private' },
    extract: identifiedFacts,
    normalize: normalizeAnsibleServer,
  },
  {
    command: 'ansible_devices',
    entity: 'volumes',
    fields: ANSIBLE_VOLUME_FIELDS,
    recipe: { access: 'ansible_devices', result_path: 'ansible_facts', key_comparer: 'unique_id' },
    extract: identifiedFacts,
    normalize: normalizeAnsibleVolumes,
  },
];

export const ANSIBLE_TASKS: Readonly<Record<string, readonly string[]>> = {
  'server-list': ['ansible_facts'],
  'volumes-list': ['ansible_devices'],
};
