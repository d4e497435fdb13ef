import { childPath } from '../../core/definition/problem-list.js';
import type { ProblemList } from '../../core/definition/problem-list.js';
import { isJsonObject, type Json } from '../../core/json.js';
import { describeRange, parseInvocationRange } from './invocation-range.js';
import type { MockedInvocations, MockedResponse } from './mock-config.js';

/** `Return` (any JSON value) or `Throw` (`Error` string, `Cause` string), exactly one of them. */
function mockedResponse(value: unknown, path: string, problems: ProblemList): MockedResponse | undefined {
  if (!isJsonObject(value)) {
    problems.add(path, 'must be an object with a Return or a Throw field');
    return undefined;
  }
  const hasReturn = value.Return !== undefined;
  const hasThrow = value.Throw !== undefined;
  if (hasReturn && hasThrow) {
    problems.add(path, 'has both Return and Throw: give exactly one');
    return undefined;
  }
  if (hasReturn) return { return: value.Return as Json };
  if (!hasThrow) {
    problems.add(path, 'needs a Return or a Throw field');
    return undefined;
  }
  const thrown = value.Throw;
  const throwPath = childPath(path, 'Throw');
  if (!isJsonObject(thrown)) {
    problems.add(throwPath, 'must be an object with an Error string and a Cause string');
    return undefined;
  }
  const { Error: error, Cause: cause } = thrown;
  if (typeof error !== 'string' || error === '')
    problems.add(childPath(throwPath, 'Error'), 'must be a non-empty string');
  // Step Functions Local documents Cause as required; a missing one is taken as '' so old files still run.
  if (cause !== undefined && typeof cause !== 'string') problems.add(childPath(throwPath, 'Cause'), 'must be a string');
  if (typeof error !== 'string' || error === '' || (cause !== undefined && typeof cause !== 'string')) return undefined;
  return { throw: { error, cause: cause ?? '' } };
}

/** Reports every entry whose range overlaps an earlier one (entries sorted by `from`). */
function reportOverlaps(
  entries: readonly (MockedInvocations & { key: string })[],
  path: string,
  problems: ProblemList,
) {
  let widest: (MockedInvocations & { key: string }) | undefined;
  for (const entry of entries) {
    if (widest && entry.from <= widest.to) {
      problems.add(
        childPath(path, entry.key),
        `invocation range ${describeRange(entry)} overlaps '${widest.key}' (${describeRange(widest)})`,
      );
    }
    if (!widest || entry.to > widest.to) widest = entry;
  }
}

/** One mocked response: invocation index or range -> Return/Throw. An empty one is allowed (as in SFN Local). */
function mockedInvocations(value: unknown, path: string, problems: ProblemList): MockedInvocations[] {
  if (!isJsonObject(value)) {
    problems.add(path, 'must be an object whose keys are invocation indexes ("0") or ranges ("1-2")');
    return [];
  }
  const entries: (MockedInvocations & { key: string })[] = [];
  for (const [key, entryValue] of Object.entries(value)) {
    const entryPath = childPath(path, key);
    const range = parseInvocationRange(key);
    if (typeof range === 'string') problems.add(entryPath, range);
    const response = mockedResponse(entryValue, entryPath, problems);
    if (typeof range !== 'string' && response) entries.push({ ...range, response, key });
  }
  entries.sort((a, b) => a.from - b.from || a.to - b.to);
  reportOverlaps(entries, path, problems);
  return entries.map(({ from, to, response }) => ({ from, to, response }));
}

/** `$.MockedResponses`: every mocked response by name. */
export function validateMockedResponses(
  value: unknown,
  problems: ProblemList,
): Map<string, readonly MockedInvocations[]> {
  const path = '$.MockedResponses';
  const responses = new Map<string, readonly MockedInvocations[]>();
  if (!isJsonObject(value)) {
    problems.add(path, value === undefined ? 'is required' : 'must be an object of mocked responses by name');
    return responses;
  }
  for (const [name, entries] of Object.entries(value)) {
    responses.set(name, mockedInvocations(entries, childPath(path, name), problems));
  }
  return responses;
}
