/**
 * UTF-8 in plain TypeScript (core uses no host APIs). A lone surrogate encodes as U+FFFD;
 * decoding replaces each ill-formed sequence with U+FFFD, as the WHATWG decoder does.
 */

const REPLACEMENT = 0xfffd;

function pushCodePoint(bytes: number[], code: number): void {
  if (code < 0x80) {
    bytes.push(code);
  } else if (code < 0x800) {
    bytes.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
  } else if (code < 0x10000) {
    bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
  } else {
    bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 0x3f), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
  }
}

export function encodeUtf8(text: string): Uint8Array {
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) ?? REPLACEMENT;
    pushCodePoint(bytes, code >= 0xd800 && code <= 0xdfff ? REPLACEMENT : code);
  }
  return Uint8Array.from(bytes);
}

/** How a lead byte starts a sequence: the number of continuation bytes, the bits it gives, the range of the 2nd byte. */
function leadByte(byte: number): { needed: number; code: number; low: number; high: number } | undefined {
  if (byte >= 0xc2 && byte <= 0xdf) return { needed: 1, code: byte & 0x1f, low: 0x80, high: 0xbf };
  if (byte >= 0xe0 && byte <= 0xef) {
    const low = byte === 0xe0 ? 0xa0 : 0x80;
    return { needed: 2, code: byte & 0x0f, low, high: byte === 0xed ? 0x9f : 0xbf };
  }
  if (byte >= 0xf0 && byte <= 0xf4) {
    return { needed: 3, code: byte & 0x07, low: byte === 0xf0 ? 0x90 : 0x80, high: byte === 0xf4 ? 0x8f : 0xbf };
  }
  return undefined;
}

/** Reads the sequence at `start`: the code point (U+FFFD when ill-formed) and the bytes it took. */
function readSequence(bytes: Uint8Array, start: number): { code: number; length: number } {
  const first = bytes[start] ?? 0;
  if (first < 0x80) return { code: first, length: 1 };
  const lead = leadByte(first);
  if (lead === undefined) return { code: REPLACEMENT, length: 1 };
  let { code, low, high } = lead;
  for (let offset = 1; offset <= lead.needed; offset++) {
    const byte = bytes[start + offset];
    if (byte === undefined || byte < low || byte > high) return { code: REPLACEMENT, length: offset };
    code = (code << 6) | (byte & 0x3f);
    low = 0x80;
    high = 0xbf;
  }
  return { code, length: lead.needed + 1 };
}

export function decodeUtf8(bytes: Uint8Array): string {
  let text = '';
  for (let index = 0; index < bytes.length;) {
    const { code, length } = readSequence(bytes, index);
    text += String.fromCodePoint(code);
    index += length;
  }
  return text;
}
