import { regionCode } from '../../core/regions.js';
import { defineProvider } from '../types.js';
import { OPENSTACK_CATALOGUE, OPENSTACK_COMMANDS, OPENSTACK_TASKS } from './catalogue.js';
import { parseOpenStackSecrets, type OpenStackSecrets } from './credentials.js';

/**
 * OpenStack (spec §3.1, §5.5, §6.8; docs/openstack.md): Keystone v3, the catalog's Nova, Cinder v3,
 * Glance v2, Neutron and Octavia endpoints, one scope per region × command in the connection's project.
 */
export const openstackProvider = defineProvider<'openstack', Record<string, never>, OpenStackSecrets>({
  id: 'openstack',
  label: 'OpenStack',
  // `Openstack` is what Maestro's client writes; `OpenStack` the original connector's key (§12.4).
  services: ['OpenStack', 'Openstack'],
  settings: {},
  tasks: OPENSTACK_TASKS,
  commands: OPENSTACK_COMMANDS,
  catalogue: OPENSTACK_CATALOGUE,
  parseCredentials: parseOpenStackSecrets,
  regions: (conn) => conn.regions.filter((r) => regionCode(r) !== '' && regionCode(r) !== 'all'),
  async load() {
    const { createOpenStackRuntime } = await import('./runtime.js');
    return createOpenStackRuntime();
  },
});
