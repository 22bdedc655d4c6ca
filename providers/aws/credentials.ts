import { InvalidCredentialsError } from '../../core/errors.js';

/** One STS AssumeRole step, made with the credentials of the step before it. */
export interface AssumeRoleStep {
  roleArn: string;
  externalId?: string;
  sessionName: string;
  durationSeconds: number;
}

/** AWS Organizations discovery: crawl every ACTIVE member account through a role of that name. */
export interface AwsOrganization {
  memberRoleName: string;
  externalId?: string;
}

/**
 * Decoded AWS credentials (spec §3.2): Maestro's `conn` JWT carries `access` and `secret`; Discovery
 * also reads `session_token`, `role_arn` / `external_id` / `session_name` / `duration_seconds`
 * (assume a role with those keys) and `organization: {member_role_name, external_id?}`.
 *
 * The source keys stay the identity of the credentials; `roles` is the chain of roles assumed from
 * them, resolved (and refreshed) by `AwsClients`. Resource files only pass the object on.
 */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** Roles assumed in order, each with the credentials of the step before. */
  roles?: readonly AssumeRoleStep[];
  organization?: AwsOrganization;
}

export const DEFAULT_SESSION_NAME = 'maestro-discovery';
export const DEFAULT_DURATION_SECONDS = 3600;

export function parseAwsCredentials(decoded: Record<string, unknown>): AwsCredentials {
  const access = decoded.access ?? decoded.accessKeyId;
  const secret = decoded.secret ?? decoded.secretAccessKey;
  const token = optionalString('session_token', decoded.session_token ?? decoded.sessionToken);
  if (typeof access !== 'string' || access === '') {
    throw invalid('access', '(access key id) is missing');
  }
  if (typeof secret !== 'string' || secret === '') {
    throw invalid('secret', '(secret access key) is missing');
  }
  const role = parseRole(decoded);
  const organization = parseOrganization(decoded.organization);
  return {
    accessKeyId: access,
    secretAccessKey: secret,
    ...(token ? { sessionToken: token } : {}),
    ...(role ? { roles: [role] } : {}),
    ...(organization ? { organization } : {}),
  };
}

/**
 * The credentials of one member account of an organization: the connection's chain plus the member
 * role. The management account itself (`managementAccount`) is read with the connection's credentials.
 */
export function memberCredentials(
  base: AwsCredentials,
  account: string,
  managementAccount: string | undefined,
): AwsCredentials {
  const { organization, ...rest } = base;
  if (!organization || account === managementAccount) return rest;
  if (!/^\d{12}$/.test(account)) throw invalid('account', `"${account}" is not a 12-digit account id`);
  const member: AssumeRoleStep = {
    roleArn: `arn:aws:iam::${account}:role/${organization.memberRoleName}`,
    sessionName: base.roles?.[0]?.sessionName ?? DEFAULT_SESSION_NAME,
    durationSeconds: DEFAULT_DURATION_SECONDS,
    ...(organization.externalId ? { externalId: organization.externalId } : {}),
  };
  return { ...rest, roles: [...(rest.roles ?? []), member] };
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}(\/[\w+=,.@-]{1,64})*$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

function parseRole(decoded: Record<string, unknown>): AssumeRoleStep | undefined {
  const arn = optionalString('role_arn', decoded.role_arn ?? decoded.roleArn);
  const externalId = optionalString('external_id', decoded.external_id ?? decoded.externalId);
  const sessionName = optionalString('session_name', decoded.session_name ?? decoded.sessionName);
  const duration = decoded.duration_seconds ?? decoded.durationSeconds;
  if (!arn) {
    for (const [field, value] of [
      ['external_id', externalId],
      ['session_name', sessionName],
      ['duration_seconds', duration],
    ] as const) {
      if (value !== undefined && value !== '') throw invalid(field, 'is only valid with "role_arn"');
    }
    return undefined;
  }
  if (!ROLE_ARN.test(arn)) {
    throw invalid(
      'role_arn',
      // The value is not quoted: a secret pasted into the wrong field must not come back in an error.
      'is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)',
    );
  }
  if (externalId && !EXTERNAL_ID.test(externalId)) {
    throw invalid('external_id', 'must be 2 to 1224 characters of letters, digits and +=,.@:/-');
  }
  if (sessionName && !SESSION_NAME.test(sessionName)) {
    throw invalid('session_name', 'must be 2 to 64 characters of letters, digits and +=,.@-');
  }
  let durationSeconds = DEFAULT_DURATION_SECONDS;
  if (duration !== undefined) {
    const n = Number(duration);
    if (!Number.isInteger(n) || n < 900 || n > 43_200) {
      throw invalid(
        'duration_seconds',
        `must be an integer between 900 and 43200, got ${JSON.stringify(duration)}`,
      );
    }
    durationSeconds = n;
  }
  return {
    roleArn: arn,
    sessionName: sessionName || DEFAULT_SESSION_NAME,
    durationSeconds,
    ...(externalId ? { externalId } : {}),
  };
}

function parseOrganization(value: unknown): AwsOrganization | undefined {
  if (value === undefined || value === null || value === false) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw invalid('organization', 'must be an object {member_role_name, external_id?}');
  }
  const o = value as Record<string, unknown>;
  const name = o.member_role_name ?? o.memberRoleName;
  if (typeof name !== 'string' || !ROLE_NAME.test(name)) {
    throw invalid(
      'organization.member_role_name',
      name === undefined ? 'is missing' : 'is not an IAM role name',
    );
  }
  const externalId = optionalString('organization.external_id', o.external_id ?? o.externalId);
  if (externalId && !EXTERNAL_ID.test(externalId)) {
    throw invalid('organization.external_id', 'must be 2 to 1224 characters of letters, digits and +=,.@:/-');
  }
  return { memberRoleName: name, ...(externalId ? { externalId } : {}) };
}

function optionalString(field: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(field, `must be a string, got ${typeof value}`);
  return value;
}

function invalid(field: string, why: string): InvalidCredentialsError {
  return new InvalidCredentialsError(`AWS credentials: field "${field}" ${why}`, { field });
}

/**
 * The account a call acts in, for its rate budget (worker/budget.ts): the account of the last role
 * assumed (from its ARN), else the access key's (one IAM user's keys act in one account).
 */
export function awsBudgetKey(c: AwsCredentials): string {
  const arn = c.roles?.[c.roles.length - 1]?.roleArn;
  const account = arn ? /^arn:[\w-]+:iam::(\d{12}):/.exec(arn)?.[1] : undefined;
  return account ? `account:${account}` : `key:${c.accessKeyId}`;
}
