import {
  DescribeInstancesCommand,
  DescribeVolumesCommand,
  type Instance,
  type Volume,
} from '@aws-sdk/client-ec2';
import type { Db } from 'mongodb';
import { COLLECTIONS } from '../../store/collections.js';
import type { ChangeDoc } from '../../store/changes.js';
import type { RunDoc } from '../../store/runs.js';
import { ec2 } from './aws-seed.js';

/** What moto holds, read straight from the AWS API (the ground truth tests compare against). */
export async function motoInstances(endpoint: string, region: string): Promise<Instance[]> {
  const client = ec2(endpoint, region);
  const out: Instance[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new DescribeInstancesCommand({ MaxResults: 1000, NextToken: token }));
    out.push(...(page.Reservations ?? []).flatMap((r) => r.Instances ?? []));
    token = page.NextToken;
  } while (token);
  client.destroy();
  return out;
}

export async function motoVolumes(endpoint: string, region: string): Promise<Volume[]> {
  const client = ec2(endpoint, region);
  const out: Volume[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new DescribeVolumesCommand({ MaxResults: 500, NextToken: token }));
    out.push(...(page.Volumes ?? []));
    token = page.NextToken;
  } while (token);
  client.destroy();
  return out;
}

export type Doc = Record<string, unknown> & { unique_id: string; active: boolean };

export async function inventory(db: Db, entity: string, connectionId: string): Promise<Doc[]> {
  return db.collection<Doc>(entity).find({ connection_id: connectionId }).sort({ unique_id: 1 }).toArray();
}

export async function changesOf(db: Db, runId: string): Promise<ChangeDoc[]> {
  return db.collection<ChangeDoc>(COLLECTIONS.changes).find({ run_id: runId }).toArray();
}

export async function runDoc(db: Db, runId: string): Promise<RunDoc> {
  const doc = await db.collection<RunDoc>(COLLECTIONS.runs).findOne({ _id: runId });
  if (!doc) throw new Error(`no run ${runId} in the ledger`);
  return doc;
}

export function ids(docs: Array<{ unique_id: string }>): string[] {
  return docs.map((d) => d.unique_id).sort();
}
