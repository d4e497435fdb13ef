const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** Epoch ms of an ISO 8601 basic-format `X-Amz-Date` (`20240522T115159Z`), or undefined when malformed. */
export function parseAmzDate(text: string): number | undefined {
  const match = AMZ_DATE.exec(text);
  if (!match) return undefined;
  const ms = Date.parse(`${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}Z`);
  // Date.parse accepts some impossible dates (Feb 30): only a date that formats back to the text is one.
  return Number.isNaN(ms) || formatAmzDate(ms) !== text ? undefined : ms;
}

/** `20240522T115159Z` */
export function formatAmzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}
