import { LambdaClient, ListFunctionsCommand, type FunctionConfiguration } from '@aws-sdk/client-lambda';
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
 * Lambda functions → `applications` (spec §6.5). The role keys keep the original's spellings
 * (`rnvironment`, `tevision_id`) so existing Maestro documents and views keep matching. Environment
 * variable values are withheld (`<redacted>`): they commonly hold secrets, and the inventory is not a
 * secret store; the names are kept.
 */
export const LAMBDA_LABEL: AppLabel = { provider: 'Lambda (AWS)', family: 'Serverless' };
export const LAMBDA_FIELDS = appFields(['name', 'created_at', 'role']);
export const REDACTED = '<redacted>';

function redactEnvironment(env: FunctionConfiguration['Environment']): unknown {
  if (!env) return undefined;
  const names = Object.keys(env.Variables ?? {});
  return {
    Variables: names.length > 0 ? Object.fromEntries(names.map((n) => [n, REDACTED])) : undefined,
    Error: env.Error,
  };
}

export function normalizeLambdaFunction(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const f = raw as FunctionConfiguration;
  if (!f.FunctionArn) return [];
  return [
    applicationRecord(ctx, f, LAMBDA_LABEL, f.FunctionArn, true, {
      name: f.FunctionName,
      created_at: toDate(f.LastModified),
      role: {
        language: f.Runtime,
        aws_role: f.Role,
        handler: f.Handler,
        code_size: f.CodeSize,
        description: f.Description,
        timeout: f.Timeout,
        memory_size: f.MemorySize,
        code_sha_256: f.CodeSha256,
        vpc_config: f.VpcConfig,
        dead_letter_config: f.DeadLetterConfig,
        rnvironment: redactEnvironment(f.Environment),
        KMS_key_arn: f.KMSKeyArn,
        master_arn: f.MasterArn,
        tracing_config: f.TracingConfig,
        layers: f.Layers,
        tevision_id: f.RevisionId,
      },
    }),
  ];
}

export function lambdaFunctions(clients: AwsClients): AwsKind {
  return applicationKind(clients, {
    command: 'lambda.listFunctions',
    fields: LAMBDA_FIELDS,
    client: LambdaClient,
    async listPage(client, { pageSize, token, signal }) {
      const out = await client.send(
        new ListFunctionsCommand({ MaxItems: pageLimit(pageSize, 1, 50), Marker: token }),
        {
          abortSignal: signal,
        },
      );
      return { items: out.Functions ?? [], nextToken: nextToken(out.NextMarker) };
    },
    normalize: normalizeLambdaFunction,
  });
}
