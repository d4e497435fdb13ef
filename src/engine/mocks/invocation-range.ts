/** An inclusive range of 0-based invocation indexes. */
export interface InvocationRange {
  from: number;
  to: number;
}

const SINGLE = /^\d+$/;
const RANGE = /^(\d+)-(\d+)$/;

/**
 * Parses a `MockedResponses` key: `"3"` (one invocation) or `"1-2"` (inclusive range, first <= last).
 * Returns a reason when the key is not one of these.
 */
export function parseInvocationRange(key: string): InvocationRange | string {
  if (SINGLE.test(key)) {
    const index = Number(key);
    return Number.isSafeInteger(index) ? { from: index, to: index } : 'invocation index is too large';
  }
  const match = RANGE.exec(key);
  if (!match) return 'invalid invocation range: expected an index like "0" or an inclusive range like "1-2"';
  const from = Number(match[1]);
  const to = Number(match[2]);
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to)) return 'invocation index is too large';
  if (from > to) return `invalid invocation range: ${from} is greater than ${to}`;
  return { from, to };
}

export function describeRange({ from, to }: InvocationRange): string {
  return from === to ? `${from}` : `${from}-${to}`;
}
