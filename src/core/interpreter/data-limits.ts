import { StatesError } from '../states-error.js';
import type { Json } from '../json.js';

/** AWS: a state's input or output, a task result and one variable each hold at most 256 KiB of UTF-8. */
export const MAX_PAYLOAD_BYTES = 262_144;
/** AWS: all variables of an execution together hold at most 10 MiB. */
export const MAX_VARIABLE_BYTES = 10 * 1024 * 1024;

/** The UTF-8 size of a string, without encoding it. */
export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

/** Whether JSON text is over `limit` bytes (most texts are decided by their length alone). */
export function exceedsBytes(text: string, limit = MAX_PAYLOAD_BYTES): boolean {
  if (text.length > limit) return true;
  if (text.length * 3 <= limit) return false;
  return utf8Bytes(text) > limit;
}

export function jsonBytes(value: Json): number {
  return utf8Bytes(JSON.stringify(value));
}

/** AWS's wording for a payload over the limit. */
export function dataLimitExceeded(name: string): StatesError {
  return new StatesError(
    'States.DataLimitExceeded',
    `The state/task '${name}' returned a result with a size exceeding the maximum number of bytes service limit.`,
  );
}
