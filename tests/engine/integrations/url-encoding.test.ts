import { describe, expect, it } from 'vitest';
import { urlEncodeBody } from '../../../src/engine/integrations/url-encoding.js';

describe('urlEncodeBody (the HTTP Task URL_ENCODED transform)', () => {
  const body = { array: ['a', 'b', 'c', 'd'] };

  it.each([
    ['INDICES', 'array[0]=a&array[1]=b&array[2]=c&array[3]=d'],
    ['REPEAT', 'array=a&array=b&array=c&array=d'],
    ['COMMAS', 'array=a,b,c,d'],
    ['BRACKETS', 'array[]=a&array[]=b&array[]=c&array[]=d'],
  ] as const)('writes arrays as %s', (format, expected) => {
    expect(urlEncodeBody(body, format)).toBe(expected);
  });

  it('percent-encodes names and values, spaces as +, keeping the COMMAS separator apart from commas in values', () => {
    expect(urlEncodeBody({ 'first name': 'Zoë', q: 'a=b&c', list: ['x,y', 'z'] }, 'COMMAS')).toBe(
      'first+name=Zo%C3%AB&q=a%3Db%26c&list=x%2Cy,z',
    );
  });

  it('writes nested objects with bracketed keys and arrays of objects by index', () => {
    const nested = { order: { id: 7, lines: [{ sku: 'A' }, { sku: 'B' }] } };
    expect(urlEncodeBody(nested, 'INDICES')).toBe('order[id]=7&order[lines][0][sku]=A&order[lines][1][sku]=B');
    expect(urlEncodeBody(nested, 'COMMAS')).toBe('order[id]=7&order[lines][0][sku]=A&order[lines][1][sku]=B');
    expect(urlEncodeBody(nested, 'BRACKETS')).toBe('order[id]=7&order[lines][][sku]=A&order[lines][][sku]=B');
  });

  it('writes nothing for empty arrays and objects, and an empty value for null', () => {
    expect(urlEncodeBody({ a: [], b: {}, c: null, d: true }, 'COMMAS')).toBe('c=&d=true');
    expect(urlEncodeBody({}, 'INDICES')).toBe('');
  });
});
