/**
 * The registered providers: one line each. A provider is its folder (`providers/<id>/`), whose
 * `index.ts` exports its definition (see providers/types.ts and docs/architecture.md "Adding a provider").
 */
import { ansibleProvider } from './ansible/index.js';
import { awsProvider } from './aws/index.js';
import { azureProvider } from './azure/index.js';
import { digitaloceanProvider } from './digitalocean/index.js';
import { fileProvider } from './file/index.js';
import { gcpProvider } from './gcp/index.js';
import { openstackProvider } from './openstack/index.js';
import { terraformProvider } from './terraform/index.js';
import { spacesProvider } from './spaces/index.js';
import type { SettingSpecs } from './types.js';

export const PROVIDERS = [
  awsProvider,
  azureProvider,
  gcpProvider,
  openstackProvider,
  digitaloceanProvider,
  spacesProvider,
  fileProvider,
  ansibleProvider,
  terraformProvider,
] as const;

type SettingsOf<P> = P extends { settings: SettingSpecs<infer S> } ? S : never;

/** `Config.providers`: each registered provider's loaded settings, by provider id. */
export type ProviderSettings = { [P in (typeof PROVIDERS)[number] as P['id']]: SettingsOf<P> };
