import { randomBytes } from 'node:crypto';

/**
 * A UUID in the version 7 layout: 48 bits of epoch milliseconds, then random bits.
 * Default execution names use it so that ids created close in time sort close
 * together, which keeps the database's ARN-keyed B-trees appending at their end
 * instead of writing to random pages.
 */
export function timeOrderedUuid(now: number): string {
  const bytes = randomBytes(16);
  const time = BigInt(Math.max(0, Math.floor(now)));
  for (let i = 0; i < 6; i++) bytes[i] = Number((time >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
