import { padBigEndian, sha256, sha384, sha512 } from './intrinsic-sha2.js';

/** MD5 (RFC 1321) and SHA-1 (FIPS 180-4) in plain TypeScript, and the table of States.Hash algorithms. */

/** floor(|sin(i + 1)| × 2^32), written out because Math.sin may differ between engines. */
const MD5_K = [
  0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501, 0x698098d8,
  0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340,
  0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6, 0xc33707d6, 0xf4d50d87,
  0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
  0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039,
  0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92,
  0xffeff47d, 0x85845dd1, 0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb,
  0xeb86d391,
];
/** Left-rotation amounts: four per round, repeated for the 16 steps of the round. */
const MD5_SHIFTS = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];

function rotl32(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits));
}

/** MD5's auxiliary function and message word for step `t` (0-63). */
function md5Step(t: number, b: number, c: number, d: number): [number, number] {
  if (t < 16) return [(b & c) | (~b & d), t];
  if (t < 32) return [(d & b) | (~d & c), (5 * t + 1) % 16];
  if (t < 48) return [b ^ c ^ d, (3 * t + 5) % 16];
  return [c ^ (b | ~d), (7 * t) % 16];
}

function compressMd5(state: Uint32Array, view: DataView, offset: number): void {
  let [a, b, c, d] = Array.from(state) as [number, number, number, number];
  for (let t = 0; t < 64; t++) {
    const [mixed, word] = md5Step(t, b, c, d);
    const sum = (a + mixed + (MD5_K[t] ?? 0) + view.getUint32(offset + word * 4, true)) | 0;
    const shift = MD5_SHIFTS[(t >> 4) * 4 + (t % 4)] ?? 0;
    [a, b, c, d] = [d, (b + rotl32(sum, shift)) | 0, b, c];
  }
  [a, b, c, d].forEach((value, index) => (state[index] = (state[index] ?? 0) + value));
}

export function md5(bytes: Uint8Array): Uint8Array {
  const view = padBigEndian(bytes, 64, 8);
  const bitLength = bytes.length * 8;
  view.setUint32(view.byteLength - 8, bitLength >>> 0, true);
  view.setUint32(view.byteLength - 4, Math.floor(bitLength / 2 ** 32), true);
  const state = Uint32Array.from([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476]);
  for (let offset = 0; offset < view.byteLength; offset += 64) compressMd5(state, view, offset);
  const out = new DataView(new ArrayBuffer(16));
  state.forEach((value, index) => out.setUint32(index * 4, value, true));
  return new Uint8Array(out.buffer);
}

function sha1Round(t: number, b: number, c: number, d: number): number {
  if (t < 20) return ((b & c) | (~b & d)) + 0x5a827999;
  if (t < 40) return (b ^ c ^ d) + 0x6ed9eba1;
  if (t < 60) return ((b & c) | (b & d) | (c & d)) + 0x8f1bbcdc;
  return (b ^ c ^ d) + 0xca62c1d6;
}

function compressSha1(state: Uint32Array, view: DataView, offset: number): void {
  const w = new Uint32Array(80);
  for (let t = 0; t < 16; t++) w[t] = view.getUint32(offset + t * 4);
  for (let t = 16; t < 80; t++) {
    w[t] = rotl32((w[t - 3] ?? 0) ^ (w[t - 8] ?? 0) ^ (w[t - 14] ?? 0) ^ (w[t - 16] ?? 0), 1);
  }
  let [a, b, c, d, e] = Array.from(state) as [number, number, number, number, number];
  for (let t = 0; t < 80; t++) {
    const temp = (rotl32(a, 5) + sha1Round(t, b, c, d) + e + (w[t] ?? 0)) | 0;
    [e, d, c, b, a] = [d, c, rotl32(b, 30), a, temp];
  }
  [a, b, c, d, e].forEach((value, index) => (state[index] = (state[index] ?? 0) + value));
}

export function sha1(bytes: Uint8Array): Uint8Array {
  const view = padBigEndian(bytes, 64, 8);
  const state = Uint32Array.from([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0]);
  for (let offset = 0; offset < view.byteLength; offset += 64) compressSha1(state, view, offset);
  const out = new DataView(new ArrayBuffer(20));
  state.forEach((value, index) => out.setUint32(index * 4, value));
  return new Uint8Array(out.buffer);
}

/** The algorithms of States.Hash, by the exact names AWS accepts. */
export const HASH_ALGORITHMS: Readonly<Record<string, (bytes: Uint8Array) => Uint8Array>> = {
  MD5: md5,
  'SHA-1': sha1,
  'SHA-256': sha256,
  'SHA-384': sha384,
  'SHA-512': sha512,
};

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
