import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { azureFields, azureRecord, azureUniqueId, type Json } from '../records.js';

/**
 * The network kinds → `networks` (spec §6.6, §3.1 `network-list` and `security-list`), each with the
 * `family` of its recipe. Nested settings are stored as the SDK's plain JSON (the original serialized
 * SDK objects, and the ones it copied unserialized broke the insert, §6.6 [BUG]).
 */
type Mapping = Readonly<Record<string, (item: Json) => unknown>>;

/**
 * One network kind from its field mapping (stored field → value from the ARM item): the record carries
 * the kind's `family`, the ARM `type` and each mapped field, and the kind's owned fields are exactly
 * those keys, so the two cannot drift apart.
 */
function networkKind(family: string, mapping: Mapping) {
  return {
    fields: azureFields('family', 'type', ...Object.keys(mapping)),
    normalize: (raw: unknown, ctx: MappingContext): NormalizedRecord[] => {
      const item = raw as Json;
      const body = Object.fromEntries(Object.entries(mapping).map(([k, f]) => [k, f(item)]));
      return azureRecord(ctx, item, { family, type: item.type, ...body });
    },
  };
}

const ref = (v: unknown): string | undefined => (v as Json | undefined)?.id as string | undefined;
const refs = (v: unknown): string[] => ((v ?? []) as Json[]).map((x) => x.id as string);

export const NIC_FAMILY = 'NetworkInterface';

const nic = networkKind(NIC_FAMILY, {
  ip_configurations: (n) =>
    ((n.ipConfigurations ?? []) as Json[]).map((c) => ({
      name: c.name,
      primary: c.primary,
      private_ip_address: c.privateIPAddress,
      private_ip_address_version: c.privateIPAddressVersion,
      private_ip_allocation_method: c.privateIPAllocationMethod,
      public_ip_address_id: ref(c.publicIPAddress),
      subnet_id: ref(c.subnet),
    })),
  mac_address: (n) => n.macAddress,
  resource_guid: (n) => n.resourceGuid,
  enable_ip_forwarding: (n) => n.enableIPForwarding,
  enable_accelerated_networking: (n) => n.enableAcceleratedNetworking,
  dns_settings: (n) => n.dnsSettings,
  primary: (n) => n.primary,
  virtual_machine_id: (n) => azureUniqueId(ref(n.virtualMachine)),
  network_security_group: (n) => ref(n.networkSecurityGroup),
});
export const NIC_FIELDS = nic.fields;
/** Network interfaces (family NetworkInterface); `virtual_machine_id` is the VM's `unique_id`. */
export const normalizeNetworkInterface = nic.normalize;

export const PIP_FAMILY = 'PublicIpAddress';

const pip = networkKind(PIP_FAMILY, {
  ip_configuration: (p) => ref(p.ipConfiguration),
  ip_address: (p) => p.ipAddress,
  public_ip_address_version: (p) => p.publicIPAddressVersion,
  public_ip_allocation_method: (p) => p.publicIPAllocationMethod,
  idle_timeout_in_minutes: (p) => p.idleTimeoutInMinutes,
  ddos_settings: (p) => p.ddosSettings,
  dns_settings: (p) => p.dnsSettings,
  sku: (p) => p.sku,
});
export const PIP_FIELDS = pip.fields;
/** Public IP addresses (family PublicIpAddress). */
export const normalizePublicIpAddress = pip.normalize;

export const ROUTE_TABLE_FAMILY = 'RouteTables';

const routeTable = networkKind(ROUTE_TABLE_FAMILY, {
  subnets: (r) => refs(r.subnets),
  routes: (r) =>
    ((r.routes ?? []) as Json[]).map((x) => ({
      name: x.name,
      address_prefix: x.addressPrefix,
      next_hop_type: x.nextHopType,
      next_hop_ip_address: x.nextHopIpAddress,
    })),
  disable_bgp_route_propagation: (r) => r.disableBgpRoutePropagation,
});
export const ROUTE_TABLE_FIELDS = routeTable.fields;
/** Route tables (family RouteTables). */
export const normalizeRouteTable = routeTable.normalize;

export const VNET_FAMILY = 'VirtualNetwork';

const vnet = networkKind(VNET_FAMILY, {
  subnets: (v) =>
    ((v.subnets ?? []) as Json[]).map((s) => ({
      name: s.name,
      id: s.id,
      address_prefix: s.addressPrefix,
      address_prefixes: s.addressPrefixes,
    })),
  address_space: (v) => (v.addressSpace as Json | undefined)?.addressPrefixes,
  virtual_network_peerings: (v) =>
    ((v.virtualNetworkPeerings ?? []) as Json[]).map((p) => ({
      name: p.name,
      remote_virtual_network: ref(p.remoteVirtualNetwork),
      peering_state: p.peeringState,
    })),
  ddos_protection_plan: (v) => ref(v.ddosProtectionPlan),
  enable_vm_protection: (v) => v.enableVmProtection,
  enable_ddos_protection: (v) => v.enableDdosProtection,
  dhcp_options: (v) => (v.dhcpOptions as Json | undefined)?.dnsServers,
});
export const VNET_FIELDS = vnet.fields;
/** Virtual networks (family VirtualNetwork). */
export const normalizeVirtualNetwork = vnet.normalize;

export const NSG_FAMILY = 'SecurityGroup';

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

const nsg = networkKind(NSG_FAMILY, {
  security_rules: (g) => ((g.securityRules ?? []) as Json[]).map(rule),
  default_security_rules: (g) => ((g.defaultSecurityRules ?? []) as Json[]).map(rule),
  network_interfaces: (g) => refs(g.networkInterfaces),
  subnets: (g) => refs(g.subnets),
});
export const NSG_FIELDS = nsg.fields;
/** Network security groups → `networks` family SecurityGroup (`security-list`, as AWS security groups). */
export const normalizeNetworkSecurityGroup = nsg.normalize;
