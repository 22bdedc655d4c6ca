/** Page-size and token helpers shared by every AWS resource kind. */

/** `n` clamped to an operation's page-size limits. */
export function pageLimit(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.floor(n)));
}

/** An SDK page token, normalized: AWS sends "" or null for "no more pages" in some APIs. */
export function nextToken(token: string | null | undefined): string | undefined {
  return token ? token : undefined;
}
