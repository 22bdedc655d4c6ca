/**
 * Maestro stores regions as display labels ("us-east-1 (N. Virginia)"); providers want the code,
 * which is the first space-separated word (spec §3.2). Region-less providers use ["all"].
 */
export function regionCode(label: string | undefined): string {
  return (label ?? '').trim().split(/\s+/)[0] ?? '';
}
