import { createHash } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { evaluateIntrinsic } from '../../../src/core/data/intrinsic-function.js';
import { HASH_ALGORITHMS, md5, sha1, toHex } from '../../../src/core/data/intrinsic-hash.js';
import { sha256, sha384, sha512 } from '../../../src/core/data/intrinsic-sha2.js';
import { decodeBase64, encodeBase64 } from '../../../src/core/data/intrinsic-base64.js';
import { decodeUtf8, encodeUtf8 } from '../../../src/core/data/intrinsic-utf8.js';

type Algorithm = 'MD5' | 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';
const NODE_NAMES: Record<Algorithm, string> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

/** Published digests (RFC 1321, FIPS 180 examples) and digests of multi-byte UTF-8 text. */
const DIGESTS: [string, Algorithm, string][] = [
  ['', 'MD5', 'd41d8cd98f00b204e9800998ecf8427e'],
  ['', 'SHA-1', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
  ['', 'SHA-256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
  ['', 'SHA-384', '38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b'],
  [
    '',
    'SHA-512',
    'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e',
  ],
  ['abc', 'MD5', '900150983cd24fb0d6963f7d28e17f72'],
  ['abc', 'SHA-1', 'a9993e364706816aba3e25717850c26c9cd0d89d'],
  ['abc', 'SHA-256', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  [
    'abc',
    'SHA-384',
    'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7',
  ],
  [
    'abc',
    'SHA-512',
    'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
  ],
  ['The quick brown fox jumps over the lazy dog', 'MD5', '9e107d9d372bb6826bd81d3542a419d6'],
  ['The quick brown fox jumps over the lazy dog', 'SHA-1', '2fd4e1c67a2d28fced849ee1bb76e7391b93eb12'],
  [
    'The quick brown fox jumps over the lazy dog',
    'SHA-256',
    'd7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592',
  ],
  ['héllo wörld 日本 🎉', 'MD5', 'b33fe6c2bc6beb6e5bf0fc7ab0ba5090'],
  ['héllo wörld 日本 🎉', 'SHA-1', '90ed9a04779b3ad2f14c1b0e6eebd9ac870c749f'],
  ['héllo wörld 日本 🎉', 'SHA-256', 'db1f74acf6d7ab6afd91d6efedf1adece64841ec8e04dc6126e326619fb8dab3'],
  [
    'héllo wörld 日本 🎉',
    'SHA-384',
    '2ac8f0c35ec8eb0467e6511c177b7d3ffac8d937150f472945aedd57aba2f4b2bba838bbf6a7806ab844769d8bc1813b',
  ],
  [
    'héllo wörld 日本 🎉',
    'SHA-512',
    '557c759958cf560af3e11c71732a517827f86715be01dce733775ae9ec36d4e16985897bbb1a9f164b2dabdcbf3604274b75883ea36323ac14557a1a83caed1b',
  ],
  [
    'input data',
    'SHA-384',
    'd28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562',
  ],
];

function nodeDigest(algorithm: Algorithm, text: string): string {
  return createHash(NODE_NAMES[algorithm]).update(text, 'utf8').digest('hex');
}

describe('States.Hash digests', () => {
  it.each(DIGESTS)('%j with %s', (text, algorithm, digest) => {
    const result = evaluateIntrinsic(`States.Hash($.text, '${algorithm}')`, { input: { text }, context: {} });
    expect(result).toBe(digest);
  });

  it('matches the two-block FIPS examples', () => {
    const text = 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq';
    expect(toHex(sha1(encodeUtf8(text)))).toBe('84983e441c3bd26ebaae4aa1f95129e5e54670f1');
    expect(toHex(sha256(encodeUtf8(text)))).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it('pads correctly around every block boundary', () => {
    for (let length = 0; length <= 260; length++) {
      const text = 'a'.repeat(length);
      for (const algorithm of Object.keys(NODE_NAMES) as Algorithm[]) {
        const digest = HASH_ALGORITHMS[algorithm];
        expect(digest && toHex(digest(encodeUtf8(text))), `${algorithm} of ${length} bytes`).toBe(
          nodeDigest(algorithm, text),
        );
      }
    }
  });

  it('hashes long inputs (a million bytes) like node:crypto', () => {
    const bytes = encodeUtf8('a'.repeat(1_000_000));
    expect(toHex(md5(bytes))).toBe('7707d6ae4e027c70eea2a935c2296f21');
    expect(toHex(sha1(bytes))).toBe('34aa973cd4c4daa4f61eeb2bdbad27316534016f');
    expect(toHex(sha256(bytes))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
    expect(toHex(sha384(bytes))).toBe(createHash('sha384').update(bytes).digest('hex'));
    expect(toHex(sha512(bytes))).toBe(createHash('sha512').update(bytes).digest('hex'));
  });

  it('agrees with node:crypto on any unicode string (property)', () => {
    const algorithms = fc.constantFrom<Algorithm>('MD5', 'SHA-1', 'SHA-256', 'SHA-384', 'SHA-512');
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), algorithms, (text, algorithm) => {
        const result = evaluateIntrinsic(`States.Hash($.text, '${algorithm}')`, { input: { text }, context: {} });
        expect(result).toBe(nodeDigest(algorithm, text));
      }),
      { numRuns: 300 },
    );
  });
});

describe('UTF-8 and Base64 helpers', () => {
  it('encode like Buffer for any unicode string (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const bytes = encodeUtf8(text);
        expect(Buffer.from(bytes).equals(Buffer.from(text, 'utf8'))).toBe(true);
        expect(encodeBase64(bytes)).toBe(Buffer.from(text, 'utf8').toString('base64'));
      }),
    );
  });

  it('decode any bytes like TextDecoder, replacing ill-formed sequences (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        expect(decodeUtf8(bytes)).toBe(new TextDecoder().decode(bytes));
        const decoded = decodeBase64(Buffer.from(bytes).toString('base64'));
        expect(decoded).toEqual(bytes);
      }),
      { numRuns: 1000 },
    );
  });

  it.each<[string, number[]]>([
    ['\uD800', [0xef, 0xbf, 0xbd]],
    ['a\uDFFFb', [0x61, 0xef, 0xbf, 0xbd, 0x62]],
    ['\u007F\u0080\u07FF\u0800\uFFFF', [0x7f, 0xc2, 0x80, 0xdf, 0xbf, 0xe0, 0xa0, 0x80, 0xef, 0xbf, 0xbf]],
    ['\u{10FFFF}', [0xf4, 0x8f, 0xbf, 0xbf]],
  ])('encodes %j', (text, bytes) => {
    expect(Array.from(encodeUtf8(text))).toEqual(bytes);
  });

  it.each<[number[], string]>([
    [[0xc0, 0x80], '\uFFFD\uFFFD'],
    [[0xed, 0xa0, 0x80], '\uFFFD\uFFFD\uFFFD'],
    [[0xe2, 0x82], '\uFFFD'],
    [[0xf4, 0x90, 0x80, 0x80], '\uFFFD\uFFFD\uFFFD\uFFFD'],
    [[0xe2, 0x82, 0xac, 0x41], '€A'],
  ])('decodes %j', (bytes, text) => {
    expect(decodeUtf8(Uint8Array.from(bytes))).toBe(text);
  });
});
