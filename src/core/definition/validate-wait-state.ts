import { parseTimestamp } from '../data/timestamp.js';
import { checkExactlyOne, checkInteger, MAX_SECONDS, report, fieldValue } from './field-checks.js';
import { isJsonataExpression } from './jsonata-checks.js';
import { checkPathField } from './path-checks.js';
import type { StateInput } from './validation-context.js';

function checkTimestamp(input: StateInput): void {
  const timestamp = fieldValue(input, 'Timestamp');
  if (timestamp === undefined || (input.language === 'JSONata' && isJsonataExpression(timestamp))) {
    return;
  }
  if (typeof timestamp !== 'string' || parseTimestamp(timestamp) === undefined) {
    report(input, 'Timestamp', 'Timestamp must be an RFC3339 timestamp such as 2024-03-01T12:00:00Z');
  }
}

/** Wait: exactly one of Seconds, SecondsPath, Timestamp, TimestampPath. */
export function validateWaitState(input: StateInput): void {
  checkExactlyOne(input, ['Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'], 'a Wait state');
  checkInteger(input, 'Seconds', { min: 0, max: MAX_SECONDS });
  checkTimestamp(input);
  checkPathField(input, 'SecondsPath', { kind: 'reference' });
  checkPathField(input, 'TimestampPath', { kind: 'reference' });
}
