export const DEFAULT_OWNER_IDS: readonly string[] = ['self'];

const OWNER = /^(self|amazon|aws-marketplace|aws-backup-vault|\d{12})$/;

/**
 * MAESTRO_OWNERIDS: whose snapshots (DescribeSnapshots OwnerIds) and images (DescribeImages Owners) are
 * listed. Either a JSON array (`["self","123456789012"]`, the original's format) or a comma-separated
 * list (`self,123456789012`). Fixes spec §3 [BUG]: the original cast it with Python's `list()`, which
 * turns "self" into ["s","e","l","f"]. Unset or blank: ["self"]. Throws a plain Error whose message
 * core/config.ts prefixes with the variable's name.
 */
export function parseOwnerIds(raw: string | undefined): readonly string[] {
  const text = (raw ?? '').trim();
  if (text === '') return DEFAULT_OWNER_IDS;
  let values: unknown;
  if (text.startsWith('[')) {
    try {
      values = JSON.parse(text);
    } catch {
      throw new Error(`not a JSON array of owners: ${text}`);
    }
  } else {
    values = text.split(',').map((s) => s.trim());
  }
  if (!Array.isArray(values) || values.length === 0)
    throw new Error(`must list at least one owner, got ${text}`);
  const bad = values.filter((v) => typeof v !== 'string' || !OWNER.test(v));
  if (bad.length > 0)
    throw new Error(
      `each owner must be self, amazon, aws-marketplace, aws-backup-vault or a 12-digit account id; got ${bad.map((b) => JSON.stringify(b)).join(', ')}`,
    );
  return values as string[];
}
