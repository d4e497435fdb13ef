import type { ServerContext } from './operation.js';
import { pageTokensOf, type PageTokens } from './page-token.js';
import { optionalInteger, optionalString, type Members } from './request-members.js';

/** `maxResults` 0 or absent means this many (AWS). */
export const DEFAULT_MAX_RESULTS = 100;

export interface PageCursor<K> {
  /** How many rows the page holds at most. */
  limit: number;
  /** Resume after this key (from the request's nextToken), or undefined for the first page. */
  after: K | undefined;
  /** Cuts the rows (fetched with `fetchLimit`) to the page and issues the next token when more remain. */
  finish<T>(rows: readonly T[], keyOf: (row: T) => K): { rows: T[]; nextToken?: string };
  /** Ask the store for this many rows: one more than the page, to tell whether more remain. */
  fetchLimit: number;
}

export interface PageRules {
  /** Largest maxResults (1000 for most lists, 100 for ValidateStateMachineDefinition). */
  maxResults?: number;
  /** Longest nextToken the model allows (1024, or 3096 for ListExecutions). */
  maxTokenLength?: number;
}

/**
 * Reads `maxResults` and `nextToken` for a list identified by `scope` (the operation and its filters:
 * a token only continues the list it came from).
 */
export async function pageCursor<K>(
  input: Members,
  context: ServerContext,
  scope: string,
  rules: PageRules = {},
): Promise<PageCursor<K>> {
  const maxResults = optionalInteger(input, 'maxResults', { min: 0, max: rules.maxResults ?? 1000 });
  const token = optionalString(input, 'nextToken', { min: 1, max: rules.maxTokenLength ?? 1024 });
  const limit = maxResults === undefined || maxResults === 0 ? DEFAULT_MAX_RESULTS : maxResults;
  const tokens: PageTokens = await pageTokensOf(context.store, context.now);
  const after = token === undefined ? undefined : (tokens.read(scope, token) as K);
  return {
    limit,
    after,
    fetchLimit: limit + 1,
    finish: (rows, keyOf) => {
      if (rows.length <= limit) return { rows: [...rows] };
      const page = rows.slice(0, limit);
      return { rows: page, nextToken: tokens.issue(scope, keyOf(page[page.length - 1]!)) };
    },
  };
}
