import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { azureFields, azureRecord, azureUniqueId, type Json } from '../records.js';

/**
 * The network kinds → `networks` (spec §6.6, §3.1 `network-list` and `security-list`), each with the
 * `family` of its recipe. Nested settings are stored as the SDK's plain JSON (the original serialized
 * SDK objects, and the ones it copied unserialized broke the insert, §6.6 [BUG]).
 */
function networkRecord(ctx: MappingContext, item: Json, family: string, body: Json): NormalizedRecord[] {
  return azureRecord(ctx, item, { family, type: item.type, ...body });
}

const ref = (v: unknown): string | undefined => (v as Json | undefined)?.id as string | undefined;
const refs = (v: unknown): string[] => ((v ?? []) as Json[]).map((x) => x.id as string);

export const NIC_FAMILY = 'NetworkInterface';
export const NIC_FIELDS = azureFields(
  'family',
  'type',
  'ip_configurations',
  'mac_address',
  'resource_guid',
  'enable_ip_forwarding',
  'enable_accelerated_networking',
  'dns_settings',
  'primary',
  'virtual_machine_id',
  'network_security_group',
);

/** Network interfaces (family NetworkInterface); `virtual_machine_id` is the VM's `unique_id`. */
export function normalizeNetworkInterface(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const n = raw as Json;
  return networkRecord(ctx, n, NIC_FAMILY, {
    ip_configurations: ((n.ipConfigurations ?? []) as Json[]).map((c) => ({
      name: c.name,
      primary: c.primary,
      private_ip_address: c.privateIPAddress,
      private_ip_address_version: c.privateIPAddressVersion,
      private_ip_allocation_method: c.privateIPAllocationMethod,
      public_ip_address_id: ref(c.publicIPAddress),
      subnet_id: ref(c.subnet),
    })),
    mac_address: n.macAddress,
    resource_guid: n.resourceGuid,
    enable_ip_forwarding: n.enableIPForwarding,
    enable_accelerated_networking: n.enableAcceleratedNetworking,
    dns_settings: n.dnsSettings,
    primary: n.primary,
    virtual_machine_id: azureUniqueId(ref(n.virtualMachine)),
    network_security_group: ref(n.networkSecurityGroup),
  });
}

export const PIP_FAMILY = 'PublicIpAddress';
export const PIP_FIELDS = azureFields(
  'family',
  'type',
  'ip_configuration',
  'ip_address',
  'public_ip_address_version',
  'public_ip_allocation_method',
  'idle_timeout_in_minutes',
  'ddos_settings',
  'dns_settings',
  'sku',
);

/** Public IP addresses (family PublicIpAddress). */
export function normalizePublicIpAddress(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const p = raw as Json;
  return networkRecord(ctx, p, PIP_FAMILY, {
    ip_configuration: ref(p.ipConfiguration),
    ip_address: p.ipAddress,
    public_ip_address_version: p.publicIPAddressVersion,
    public_ip_allocation_method: p.publicIPAllocationMethod,
    idle_timeout_in_minutes: p.idleTimeoutInMinutes,
    ddos_settings: p.ddosSettings,
    dns_settings: p.dnsSettings,
    sku: p.sku,
  });
}

export const ROUTE_TABLE_FAMILY = 'RouteTables';
export const ROUTE_TABLE_FIELDS = azureFields(
  'family',
  'type',
  'subnets',
  'routes',
  'disable_bgp_route_propagation',
);

/** Route tables (family RouteTables). */
export function normalizeRouteTable(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const r = raw as Json;
  return networkRecord(ctx, r, ROUTE_TABLE_FAMILY, {
    subnets: refs(r.subnets),
    routes: ((r.routes ?? []) as Json[]).map((x) => ({
      name: x.name,
      address_prefix: x.addressPrefix,
      next_hop_type: x.nextHopType,
      next_hop_ip_address: x.nextHopIpAddress,
    })),
    disable_bgp_route_propagation: r.disableBgpRoutePropagation,
  });
}

export const VNET_FAMILY = 'VirtualNetwork';
export const VNET_FIELDS = azureFields(
  'family',
  'type',
  'subnets',
  'address_space',
  'virtual_network_peerings',
  'ddos_protection_plan',
  'enable_vm_protection',
  'enable_ddos_protection',
  'dhcp_options',
);

/** Virtual networks (family VirtualNetwork). */
export function normalizeVirtualNetwork(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const v = raw as Json;
  return networkRecord(ctx, v, VNET_FAMILY, {
    subnets: ((v.subnets ?? []) as Json[]).map((s) => ({
      name: s.name,
      id: s.id,
      address_prefix: s.addressPrefix,
      address_prefixes: s.addressPrefixes,
    })),
    address_space: (v.addressSpace as Json | undefined)?.addressPrefixes,
    virtual_network_peerings: ((v.virtualNetworkPeerings ?? []) as Json[]).map((p) => ({
      name: p.name,
      remote_virtual_network: ref(p.remoteVirtualNetwork),
      peering_state: p.peeringState,
    })),
    ddos_protection_plan: ref(v.ddosProtectionPlan),
    enable_vm_protection: v.enableVmProtection,
    enable_ddos_protection: v.enableDdosProtection,
    dhcp_options: (v.dhcpOptions as Json | undefined)?.dnsServers,
  });
}

export const NSG_FAMILY = 'SecurityGroup';
export const NSG_FIELDS = azureFields(
  'family',
  'type',
  'security_rules',
  'default_security_rules',
  'network_interfaces',
  'subnets',
);

function rule(r: Json): Json {
  return {
    name: r.name,
    description: r.description,
    access: r.access,
    direction: r.direction,
    priority: r.priority,
    protocol: r.protocol,
    source_address_prefix: r.sourceAddressPrefix,
    source_address_prefixes: r.sourceAddressPrefixes,
    source_port_range: r.sourcePortRange,
    source_port_ranges: r.sourcePortRanges,
    destination_address_prefix: r.destinationAddressPrefix,
    destination_address_prefixes: r.destinationAddressPrefixes,
    destination_port_range: r.destinationPortRange,
    destination_port_ranges: r.destinationPortRanges,
  };
}

/** Network security groups → `networks` family SecurityGroup (`security-list`, as AWS security groups). */
export function normalizeNetworkSecurityGroup(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const g = raw as Json;
  return networkRecord(ctx, g, NSG_FAMILY, {
    security_rules: ((g.securityRules ?? []) as Json[]).map(rule),
    default_security_rules: ((g.defaultSecurityRules ?? []) as Json[]).map(rule),
    network_interfaces: refs(g.networkInterfaces),
    subnets: refs(g.subnets),
  });
}
