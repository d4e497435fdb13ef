import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseTimestamp } from '../../../src/core/data/timestamp.js';

describe('parseTimestamp', () => {
  it.each<[string, number]>([
    ['1970-01-01T00:00:00Z', 0],
    ['2016-03-14T01:59:00Z', Date.UTC(2016, 2, 14, 1, 59, 0)],
    ['2024-02-29T23:59:59Z', Date.UTC(2024, 1, 29, 23, 59, 59)],
    ['2000-02-29T12:00:00Z', Date.UTC(2000, 1, 29, 12)],
    ['2016-03-14T01:59:00.5Z', Date.UTC(2016, 2, 14, 1, 59, 0, 500)],
    ['2016-03-14T01:59:00.123Z', Date.UTC(2016, 2, 14, 1, 59, 0, 123)],
    ['2016-03-14T01:59:00.123999999Z', Date.UTC(2016, 2, 14, 1, 59, 0, 123)],
    ['2016-03-14T01:59:00+02:00', Date.UTC(2016, 2, 13, 23, 59, 0)],
    ['2016-03-14T01:59:00-05:30', Date.UTC(2016, 2, 14, 7, 29, 0)],
    ['2016-03-14T01:59:00-00:00', Date.UTC(2016, 2, 14, 1, 59, 0)],
    ['1969-12-31T23:59:59Z', -1000],
    ['0001-01-01T00:00:00Z', -62_135_596_800_000],
    ['9999-12-31T23:59:59.999Z', 253_402_300_799_999],
  ])('%s', (text, expected) => {
    expect(parseTimestamp(text)).toBe(expected);
  });

  it.each([
    '',
    'not a timestamp',
    '2016-03-14',
    '2016-03-14T01:59:00',
    '2016-03-14t01:59:00Z',
    '2016-03-14T01:59:00z',
    '2016-03-14 01:59:00Z',
    '2016-3-14T01:59:00Z',
    '2016-03-14T1:59:00Z',
    '2016-03-14T01:59Z',
    '2016-03-14T01:59:00.Z',
    '2016-03-14T01:59:00+0200',
    '2016-03-14T01:59:00+24:00',
    '2016-03-14T01:59:00+02:60',
    '2016-13-01T00:00:00Z',
    '2016-00-01T00:00:00Z',
    '2016-01-00T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2016-04-31T00:00:00Z',
    '2016-03-14T24:00:00Z',
    '2016-03-14T23:60:00Z',
    '2016-03-14T23:59:60Z',
    ' 2016-03-14T01:59:00Z',
    '2016-03-14T01:59:00Z ',
  ])('rejects %j', (text) => {
    expect(parseTimestamp(text)).toBeUndefined();
  });

  it('agrees with Date.parse on ISO strings (property)', () => {
    const instant = fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 });
    fc.assert(
      fc.property(instant, (epochMs) => {
        const iso = new Date(epochMs).toISOString();
        expect(parseTimestamp(iso)).toBe(epochMs);
      }),
    );
  });

  it('shifts by the offset (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.boolean(),
        (hours, minutes, negative) => {
          const offset = `${negative ? '-' : '+'}${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
          const shift = (negative ? -1 : 1) * (hours * 60 + minutes) * 60_000;
          expect(parseTimestamp(`2020-06-15T12:00:00${offset}`)).toBe(Date.UTC(2020, 5, 15, 12) - shift);
        },
      ),
    );
  });
});
