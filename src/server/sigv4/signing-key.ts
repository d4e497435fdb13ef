import { createHmac } from 'node:crypto';
import { SIGV4_ALGORITHM } from './authorization-header.js';
import { sha256Hex } from './canonical-request.js';

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
export function signingKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  const dateKey = hmac(`AWS4${secretAccessKey}`, date);
  return hmac(hmac(hmac(dateKey, region), service), 'aws4_request');
}

export function stringToSign(amzDate: string, scope: string, canonicalRequest: string): string {
  return [SIGV4_ALGORITHM, amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
}

/** Hex HMAC-SHA256 of the string to sign with the signing key. */
export function signatureOf(key: Buffer, toSign: string): string {
  return createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
}

/** Signing keys by `date/region/service`: they change once a day, so a handful are kept. */
export class SigningKeyCache {
  private readonly keys = new Map<string, Buffer>();

  constructor(
    private readonly secretAccessKey: string,
    private readonly capacity = 16,
  ) {}

  get(date: string, region: string, service: string): Buffer {
    const id = `${date}/${region}/${service}`;
    const known = this.keys.get(id);
    if (known) return known;
    if (this.keys.size >= this.capacity) this.keys.clear();
    const key = signingKey(this.secretAccessKey, date, region, service);
    this.keys.set(id, key);
    return key;
  }
}
