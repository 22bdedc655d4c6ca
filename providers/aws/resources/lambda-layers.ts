import { LambdaClient, ListLayersCommand, type LayersListItem } from '@aws-sdk/client-lambda';
import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import type { AwsClients } from '../clients.js';
import type { AwsKind } from '../kind.js';
import { toDate } from '../normalize-helpers.js';
import {
  appFields,
  type AppLabel,
  applicationKind,
  applicationRecord,
  nextToken,
  pageLimit,
} from './applications.js';

/**
 * Lambda layers → `applications` (spec §6.5 "lambda list_layers"). ListLayers returns `Layers` (the
 * original read a non-existent `LayerVersions`) whose `LatestMatchingVersion` holds the version fields;
 * those are read from it, not set to the literal strings "Description", "CompatibleRuntimes", … (§12.5).
 * `name` and `unique_id` are the latest version's ARN, as in the spec.
 */
export const LAMBDA_LAYER_LABEL: AppLabel = { provider: 'Lambda Layer (AWS)', family: 'ServerlessLayer' };
export const LAMBDA_LAYER_FIELDS = appFields([
  'name',
  'layer_name',
  'created_at',
  'description',
  'runtimes',
  'architectures',
  'license_info',
  'version',
]);

export function normalizeLambdaLayer(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const layer = raw as LayersListItem;
  const v = layer.LatestMatchingVersion;
  if (!v?.LayerVersionArn) return [];
  return [
    applicationRecord(ctx, layer, LAMBDA_LAYER_LABEL, v.LayerVersionArn, true, {
      name: v.LayerVersionArn,
      layer_name: layer.LayerName,
      created_at: toDate(v.CreatedDate),
      description: v.Description,
      runtimes: v.CompatibleRuntimes,
      architectures: v.CompatibleArchitectures,
      license_info: v.LicenseInfo,
      version: v.Version,
    }),
  ];
}

export function lambdaLayers(clients: AwsClients): AwsKind {
  return applicationKind(clients, {
    command: 'lambda.listLayers',
    fields: LAMBDA_LAYER_FIELDS,
    client: LambdaClient,
    async listPage(client, { pageSize, token, signal }) {
      const out = await client.send(
        new ListLayersCommand({ MaxItems: pageLimit(pageSize, 1, 50), Marker: token }),
        {
          abortSignal: signal,
        },
      );
      return { items: out.Layers ?? [], nextToken: nextToken(out.NextMarker) };
    },
    normalize: normalizeLambdaLayer,
  });
}
