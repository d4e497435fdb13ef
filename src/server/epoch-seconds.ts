/** API timestamps are epoch seconds as JSON numbers, with the milliseconds as a fraction. */
export function epochSeconds(epochMs: number): number {
  return epochMs / 1000;
}
