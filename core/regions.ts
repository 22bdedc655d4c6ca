/**
 * Maestro stores regions as display labels ("us-east-1 (N. Virginia)"); providers want the code,
 * which is the first space-separated word (spec §3.2). Region-less providers use ["all"].
 */
export function regionCode(label: string): string {
  return label.trim().split(/\s+/)[0] ?? '';
}

/** pydash-compatible slug used by the original tracker: ASCII-folded, lower-cased words joined by '-'. */
export function regionSlug(label: string): string {
  return label
    .normalize('NFKD')
    .replace(/[^\x00-\x7f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .join('-');
}
