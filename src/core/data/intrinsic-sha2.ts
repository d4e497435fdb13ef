/**
 * SHA-256, SHA-384 and SHA-512 (FIPS 180-4) in plain TypeScript. The round constants and
 * initial values are the fractional bits of cube and square roots of primes, computed once
 * with exact BigInt integer roots rather than copied as tables. SHA-256's constants are the
 * top 32 bits of SHA-512's.
 */

const MASK64 = (1n << 64n) - 1n;

function firstPrimes(count: number): number[] {
  const primes: number[] = [];
  for (let candidate = 2; primes.length < count; candidate++) {
    if (primes.every((prime) => candidate % prime !== 0)) primes.push(candidate);
  }
  return primes;
}

/** The largest r with r^degree ≤ value (Newton's method on BigInt). */
function integerRoot(value: bigint, degree: bigint): bigint {
  let root = 1n << (BigInt(value.toString(2).length) / degree + 1n);
  for (;;) {
    const next = ((degree - 1n) * root + value / root ** (degree - 1n)) / degree;
    if (next >= root) return root;
    root = next;
  }
}

/** The first 64 bits of the fractional part of prime^(1/degree). */
function rootFraction(prime: number, degree: bigint): bigint {
  return integerRoot(BigInt(prime) << (64n * degree), degree) & MASK64;
}

const PRIMES = firstPrimes(80);
const K512 = PRIMES.map((prime) => rootFraction(prime, 3n));
const H512 = PRIMES.slice(0, 8).map((prime) => rootFraction(prime, 2n));
const H384 = PRIMES.slice(8, 16).map((prime) => rootFraction(prime, 2n));
const K256 = K512.slice(0, 64).map((value) => Number(value >> 32n));
const H256 = H512.map((value) => Number(value >> 32n));

function rotr32(value: number, bits: number): number {
  return (value >>> bits) | (value << (32 - bits));
}

function schedule256(block: DataView, offset: number): Uint32Array {
  const w = new Uint32Array(64);
  for (let t = 0; t < 16; t++) w[t] = block.getUint32(offset + t * 4);
  for (let t = 16; t < 64; t++) {
    const a = w[t - 15] ?? 0;
    const b = w[t - 2] ?? 0;
    const s0 = rotr32(a, 7) ^ rotr32(a, 18) ^ (a >>> 3);
    const s1 = rotr32(b, 17) ^ rotr32(b, 19) ^ (b >>> 10);
    w[t] = (w[t - 16] ?? 0) + s0 + (w[t - 7] ?? 0) + s1;
  }
  return w;
}

function compress256(state: Uint32Array, block: DataView, offset: number): void {
  const w = schedule256(block, offset);
  let [a, b, c, d, e, f, g, h] = Array.from(state) as [number, number, number, number, number, number, number, number];
  for (let t = 0; t < 64; t++) {
    const s1 = rotr32(e, 6) ^ rotr32(e, 11) ^ rotr32(e, 25);
    const t1 = (h + s1 + ((e & f) ^ (~e & g)) + (K256[t] ?? 0) + (w[t] ?? 0)) | 0;
    const s0 = rotr32(a, 2) ^ rotr32(a, 13) ^ rotr32(a, 22);
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    [h, g, f, e, d, c, b, a] = [g, f, e, (d + t1) | 0, c, b, a, (t1 + t2) | 0];
  }
  [a, b, c, d, e, f, g, h].forEach((value, index) => (state[index] = (state[index] ?? 0) + value));
}

/** Pads as SHA-2 does: 0x80, zeros, then the bit length big-endian in the last `lengthBytes` bytes. */
export function padBigEndian(bytes: Uint8Array, blockSize: number, lengthBytes: number): DataView {
  const total = Math.ceil((bytes.length + 1 + lengthBytes) / blockSize) * blockSize;
  const padded = new Uint8Array(total);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  const bitLength = bytes.length * 8;
  view.setUint32(total - 8, Math.floor(bitLength / 2 ** 32));
  view.setUint32(total - 4, bitLength >>> 0);
  return view;
}

export function sha256(bytes: Uint8Array): Uint8Array {
  const view = padBigEndian(bytes, 64, 8);
  const state = Uint32Array.from(H256);
  for (let offset = 0; offset < view.byteLength; offset += 64) compress256(state, view, offset);
  const out = new DataView(new ArrayBuffer(32));
  state.forEach((value, index) => out.setUint32(index * 4, value));
  return new Uint8Array(out.buffer);
}

/*
 * SHA-512 works on 64-bit words, kept here as pairs of unsigned 32-bit halves in Uint32Arrays
 * ([hi, lo, hi, lo, ...]): BigInt arithmetic is about 20 times slower. Sums of halves stay exact
 * in a double; storing into a Uint32Array reduces them modulo 2^32.
 */

const TWO_32 = 2 ** 32;
const K512_HALVES = toHalves(K512);
const H512_HALVES = toHalves(H512);
const H384_HALVES = toHalves(H384);

function toHalves(values: readonly bigint[]): Uint32Array {
  return Uint32Array.from(values.flatMap((value) => [Number(value >> 32n), Number(value & 0xffffffffn)]));
}

function at(halves: Uint32Array, index: number): number {
  return halves[index] ?? 0;
}

/** The high half of the 64-bit word (hi, lo) rotated right by `bits` (1-63, not 32). */
function rotrHi(hi: number, lo: number, bits: number): number {
  return bits < 32 ? (hi >>> bits) | (lo << (32 - bits)) : (lo >>> (bits - 32)) | (hi << (64 - bits));
}

function rotrLo(hi: number, lo: number, bits: number): number {
  return bits < 32 ? (lo >>> bits) | (hi << (32 - bits)) : (hi >>> (bits - 32)) | (lo << (64 - bits));
}

function schedule512(block: DataView, offset: number): Uint32Array {
  const w = new Uint32Array(160);
  for (let i = 0; i < 32; i++) w[i] = block.getUint32(offset + i * 4);
  for (let i = 32; i < 160; i += 2) {
    const [ah, al, bh, bl] = [at(w, i - 30), at(w, i - 29), at(w, i - 4), at(w, i - 3)];
    const s0h = rotrHi(ah, al, 1) ^ rotrHi(ah, al, 8) ^ (ah >>> 7);
    const s0l = rotrLo(ah, al, 1) ^ rotrLo(ah, al, 8) ^ ((al >>> 7) | (ah << 25));
    const s1h = rotrHi(bh, bl, 19) ^ rotrHi(bh, bl, 61) ^ (bh >>> 6);
    const s1l = rotrLo(bh, bl, 19) ^ rotrLo(bh, bl, 61) ^ ((bl >>> 6) | (bh << 26));
    const lo = at(w, i - 31) + (s0l >>> 0) + at(w, i - 13) + (s1l >>> 0);
    w[i + 1] = lo;
    w[i] = at(w, i - 32) + s0h + at(w, i - 14) + s1h + Math.floor(lo / TWO_32);
  }
  return w;
}

/** T1 = h + Σ1(e) + Ch(e, f, g) + K[t] + W[t], on v = [a, b, ..., h] as halves: [hi, lo]. */
function temp1(v: Uint32Array, w: Uint32Array, t: number): [number, number] {
  const [eh, el] = [at(v, 8), at(v, 9)];
  const s1h = rotrHi(eh, el, 14) ^ rotrHi(eh, el, 18) ^ rotrHi(eh, el, 41);
  const s1l = rotrLo(eh, el, 14) ^ rotrLo(eh, el, 18) ^ rotrLo(eh, el, 41);
  const chh = (eh & at(v, 10)) ^ (~eh & at(v, 12));
  const chl = (el & at(v, 11)) ^ (~el & at(v, 13));
  const lo = at(v, 15) + (s1l >>> 0) + (chl >>> 0) + at(K512_HALVES, 2 * t + 1) + at(w, 2 * t + 1);
  const hi = at(v, 14) + s1h + chh + at(K512_HALVES, 2 * t) + at(w, 2 * t) + Math.floor(lo / TWO_32);
  return [hi, lo >>> 0];
}

/** T2 = Σ0(a) + Maj(a, b, c), as [hi, lo]. */
function temp2(v: Uint32Array): [number, number] {
  const [ah, al, bh, bl, ch, cl] = [at(v, 0), at(v, 1), at(v, 2), at(v, 3), at(v, 4), at(v, 5)];
  const s0h = rotrHi(ah, al, 28) ^ rotrHi(ah, al, 34) ^ rotrHi(ah, al, 39);
  const s0l = rotrLo(ah, al, 28) ^ rotrLo(ah, al, 34) ^ rotrLo(ah, al, 39);
  const lo = (s0l >>> 0) + (((al & bl) ^ (al & cl) ^ (bl & cl)) >>> 0);
  return [s0h + ((ah & bh) ^ (ah & ch) ^ (bh & ch)) + Math.floor(lo / TWO_32), lo >>> 0];
}

/** Adds (hi, lo) to the word at `index` of `halves`, modulo 2^64. */
function addInto(halves: Uint32Array, index: number, hi: number, lo: number): void {
  const sum = at(halves, index + 1) + (lo >>> 0);
  halves[index + 1] = sum;
  halves[index] = at(halves, index) + hi + Math.floor(sum / TWO_32);
}

function compress512(state: Uint32Array, block: DataView, offset: number): void {
  const w = schedule512(block, offset);
  const v = state.slice();
  for (let t = 0; t < 80; t++) {
    const [t1h, t1l] = temp1(v, w, t);
    const [t2h, t2l] = temp2(v);
    v.copyWithin(2, 0, 14);
    addInto(v, 8, t1h, t1l);
    v[0] = t1h;
    v[1] = t1l;
    addInto(v, 0, t2h, t2l);
  }
  for (let index = 0; index < 16; index += 2) addInto(state, index, at(v, index), at(v, index + 1));
}

function sha512Family(bytes: Uint8Array, initial: Uint32Array, words: number): Uint8Array {
  const view = padBigEndian(bytes, 128, 16);
  const state = initial.slice();
  for (let offset = 0; offset < view.byteLength; offset += 128) compress512(state, view, offset);
  const out = new DataView(new ArrayBuffer(words * 8));
  for (let index = 0; index < words * 2; index++) out.setUint32(index * 4, at(state, index));
  return new Uint8Array(out.buffer);
}

export function sha512(bytes: Uint8Array): Uint8Array {
  return sha512Family(bytes, H512_HALVES, 8);
}

export function sha384(bytes: Uint8Array): Uint8Array {
  return sha512Family(bytes, H384_HALVES, 6);
}
