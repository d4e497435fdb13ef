/** Standard Base64 (RFC 4648, `+/`, `=` padding) in plain TypeScript. */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUES = new Map(Array.from(ALPHABET, (char, index) => [char, index]));

export function encodeBase64(bytes: Uint8Array): string {
  let text = '';
  for (let index = 0; index < bytes.length; index += 3) {
    const a = bytes[index] ?? 0;
    const b = bytes[index + 1];
    const c = bytes[index + 2];
    const bits = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    text += ALPHABET[bits >> 18] ?? '';
    text += ALPHABET[(bits >> 12) & 63] ?? '';
    text += b === undefined ? '=' : (ALPHABET[(bits >> 6) & 63] ?? '');
    text += c === undefined ? '=' : (ALPHABET[bits & 63] ?? '');
  }
  return text;
}

/**
 * Decodes Base64; padding is optional, as with Java's basic decoder, but where present it must
 * complete the last group. Returns a message instead of bytes when the text is not Base64.
 */
export function decodeBase64(text: string): Uint8Array | string {
  const body = text.replace(/={1,2}$/, '');
  if (body.length !== text.length && text.length % 4 !== 0) return 'the padding (=) does not complete a group of 4';
  if (body.length % 4 === 1) return 'the length is not valid for Base64';
  const bytes: number[] = [];
  let bits = 0;
  let count = 0;
  for (const [index, char] of Array.from(body).entries()) {
    const value = VALUES.get(char);
    if (value === undefined) return `the character ${JSON.stringify(char)} at position ${index + 1} is not Base64`;
    bits = ((bits << 6) | value) & 0xffffff;
    count += 6;
    if (count >= 8) {
      count -= 8;
      bytes.push((bits >> count) & 0xff);
    }
  }
  return Uint8Array.from(bytes);
}
