import { ListIdentitiesCommand, SESClient } from '@aws-sdk/client-ses';
import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { regionCode } from '../../../core/regions.js';
import type { ResourceKind } from '../../types.js';
import type { AwsClients } from '../clients.js';
import type { AwsCredentials } from '../credentials.js';
import {
  allPages,
  appFields,
  applicationRecord,
  nextToken,
  pageLimit,
  sdkRegion,
  type AppLabel,
} from './applications.js';

/**
 * SES → one application per region with its identities (spec §6.5 "ses list_identities"). As for SQS,
 * every ListIdentities page is read in one listPage call and becomes one `{Identities}` item.
 * `unique_id` is `<connection id>_ses_<region code>` (the original's `<connection id>_ses` made the
 * regions overwrite each other). No identities → no record.
 */
export const SES_LABEL: AppLabel = { provider: 'SES (AWS)', family: 'SMTP' };
export const SES_FIELDS = appFields(['name', 'domain']);

export interface SesRegionListing {
  Identities: string[];
}

export function normalizeSesRegion(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const identities = (raw as Partial<SesRegionListing>).Identities ?? [];
  if (identities.length === 0) return [];
  const id = `${ctx.connectionId}_ses_${regionCode(ctx.region)}`;
  return [applicationRecord(ctx, {}, SES_LABEL, id, true, { name: 'SES - SMTP', domain: identities })];
}

export function sesIdentities(clients: AwsClients): ResourceKind<AwsCredentials> {
  return {
    command: 'ses.listIdentities',
    entity: 'applications',
    fields: SES_FIELDS,
    async listPage({ credentials, region, pageSize, signal }) {
      const client = clients.get(SESClient, credentials, sdkRegion(region));
      const identities = await allPages(async (token) => {
        const out = await client.send(
          new ListIdentitiesCommand({ MaxItems: pageLimit(pageSize, 1, 1000), NextToken: token }),
          { abortSignal: signal },
        );
        return { values: out.Identities ?? [], next: nextToken(out.NextToken) };
      });
      const listing: SesRegionListing = { Identities: identities };
      return { items: identities.length > 0 ? [listing] : [], nextToken: undefined };
    },
    normalize: normalizeSesRegion,
  };
}
