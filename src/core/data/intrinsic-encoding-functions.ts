import type { Json } from '../json.js';
import { argumentLabel, intrinsicFailure, limitedStringArgument, stringArgument } from './intrinsic-arguments.js';
import { decodeBase64, encodeBase64 } from './intrinsic-base64.js';
import { HASH_ALGORITHMS, toHex } from './intrinsic-hash.js';
import type { IntrinsicImplementation, IntrinsicInvocation } from './intrinsic-types.js';
import { decodeUtf8, encodeUtf8 } from './intrinsic-utf8.js';

/** Base64Encode, Base64Decode and Hash take at most this many characters. */
export const ENCODING_INPUT_LIMIT = 10_000;

/** Encodes the UTF-8 bytes of the string. */
function base64Encode(call: IntrinsicInvocation): Json {
  return encodeBase64(encodeUtf8(limitedStringArgument(call, 1, 'string', ENCODING_INPUT_LIMIT)));
}

/** Decodes to bytes, read as UTF-8 (ill-formed sequences become U+FFFD). */
function base64Decode(call: IntrinsicInvocation): Json {
  const decoded = decodeBase64(limitedStringArgument(call, 1, 'base64', ENCODING_INPUT_LIMIT));
  if (typeof decoded === 'string') throw intrinsicFailure(call.name, `${argumentLabel(1, 'base64')}: ${decoded}`);
  return decodeUtf8(decoded);
}

/** The text that is hashed: a string as it is, any other value as its JSON text. */
function hashInput(call: IntrinsicInvocation): string {
  const data = call.args[0]?.value ?? null;
  const text = typeof data === 'string' ? data : JSON.stringify(data);
  if (text.length > ENCODING_INPUT_LIMIT) {
    throw intrinsicFailure(
      call.name,
      `${argumentLabel(1, 'data')} has ${text.length} characters but at most ${ENCODING_INPUT_LIMIT} are allowed`,
    );
  }
  return text;
}

/** The lowercase hex digest of the UTF-8 bytes of the data. */
function hash(call: IntrinsicInvocation): Json {
  const text = hashInput(call);
  const algorithm = stringArgument(call, 2, 'algorithm');
  const digest = Object.hasOwn(HASH_ALGORITHMS, algorithm) ? HASH_ALGORITHMS[algorithm] : undefined;
  if (digest === undefined) {
    const known = Object.keys(HASH_ALGORITHMS).join(', ');
    throw intrinsicFailure(
      call.name,
      `${argumentLabel(2, 'algorithm')} must be one of ${known} but was ${JSON.stringify(algorithm)}`,
    );
  }
  return toHex(digest(encodeUtf8(text)));
}

export const ENCODING_FUNCTIONS: Readonly<Record<string, IntrinsicImplementation>> = {
  'States.Base64Encode': base64Encode,
  'States.Base64Decode': base64Decode,
  'States.Hash': hash,
};
