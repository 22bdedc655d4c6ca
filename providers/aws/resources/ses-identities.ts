import { ListIdentitiesCommand, SESClient } from '@aws-sdk/client-ses';
import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { regionCode } from '../../../core/regions.js';
import type { AwsClients } from '../clients.js';
import type { AwsKind } from '../kind.js';
import {
  appFields,
  type AppLabel,
  applicationKind,
  applicationRecord,
  nextToken,
  pageLimit,
  regionListing,
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

export function sesIdentities(clients: AwsClients): AwsKind {
  return applicationKind(clients, {
    command: 'ses.listIdentities',
    fields: SES_FIELDS,
    client: SESClient,
    listPage(client, { pageSize, signal }) {
      return regionListing('Identities', async (token) => {
        const out = await client.send(
          new ListIdentitiesCommand({ MaxItems: pageLimit(pageSize, 1, 1000), NextToken: token }),
          { abortSignal: signal },
        );
        return { values: out.Identities ?? [], next: nextToken(out.NextToken) };
      });
    },
    normalize: normalizeSesRegion,
  });
}
