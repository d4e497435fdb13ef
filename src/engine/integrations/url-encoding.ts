import type { Json, JsonObject } from '../../core/json.js';
import { isJsonObject } from '../../core/json.js';

/** How the HTTP Task's URL-encoding transform writes arrays (`Transform.RequestEncodingOptions.ArrayFormat`). */
export type ArrayFormat = 'INDICES' | 'REPEAT' | 'COMMAS' | 'BRACKETS';

export const ARRAY_FORMATS: readonly ArrayFormat[] = ['INDICES', 'REPEAT', 'COMMAS', 'BRACKETS'];

/**
 * The `application/x-www-form-urlencoded` form of a RequestBody object, as the HTTP Task's
 * `RequestBodyEncoding: URL_ENCODED` transform produces it. For `{"array": ["a", "b"]}`:
 * INDICES (AWS's default) `array[0]=a&array[1]=b`; REPEAT `array=a&array=b`; COMMAS `array=a,b`;
 * BRACKETS `array[]=a&array[]=b`.
 *
 * Nested objects use bracketed keys (`{"a": {"b": 1}}` → `a[b]=1`); null is an empty value; names
 * and values are percent-encoded with spaces as `+`, while the brackets and the COMMAS separator
 * stay literal. Under COMMAS an array holding objects or arrays is written as INDICES.
 */
export function urlEncodeBody(body: JsonObject, format: ArrayFormat): string {
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(body)) addPairs(pairs, formEncode(name), value, format);
  return pairs.join('&');
}

function addPairs(pairs: string[], key: string, value: Json, format: ArrayFormat): void {
  if (Array.isArray(value)) {
    addArray(pairs, key, value, format);
  } else if (isJsonObject(value)) {
    for (const [name, item] of Object.entries(value)) addPairs(pairs, `${key}[${formEncode(name)}]`, item, format);
  } else {
    pairs.push(`${key}=${formEncode(scalarText(value))}`);
  }
}

function addArray(pairs: string[], key: string, items: Json[], format: ArrayFormat): void {
  const scalars = items.every((item) => item === null || typeof item !== 'object');
  if (format === 'COMMAS' && scalars) {
    if (items.length > 0) pairs.push(`${key}=${items.map((item) => formEncode(scalarText(item))).join(',')}`);
    return;
  }
  items.forEach((item, index) => {
    const itemKey = format === 'REPEAT' ? key : format === 'BRACKETS' ? `${key}[]` : `${key}[${index}]`;
    addPairs(pairs, itemKey, item, format);
  });
}

function scalarText(value: Json): string {
  if (value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Percent-encodes for a form or query component, with spaces as `+`. */
export function formEncode(text: string): string {
  return encodeURIComponent(text).replace(/%20/g, '+');
}
