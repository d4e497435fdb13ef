import type { CommitOutcome, TransitionCommit } from '../store/store-port.js';
import type { PostgresDatabase } from './postgres-database.js';
import { canCommitInOneStatement, commitInOneStatement, commitStatementSql } from './postgres-commit-statement.js';
import { commitWithSavepoints, isUniqueViolation, savepointCommitSql } from './postgres-commit-savepoints.js';
import { workChannelOf } from './postgres-schema-name.js';

/**
 * Group commit: every commit of a batch in ONE transaction, each commit all-or-nothing, a
 * conflicting one skipped while the others apply, results in input order.
 *
 * The usual batch (each execution once, fresh event and work ids) is ONE statement and one round
 * trip (`postgres-commit-statement.ts`). A batch that needs the commits applied one after the other
 * (an execution twice, a work id inserted twice or inserted and deleted), or whose statement hits a
 * unique violation, runs as one transaction with a SAVEPOINT per commit
 * (`postgres-commit-savepoints.ts`). Any other error rejects the whole batch, which wrote nothing.
 *
 * Retrying after a lost connection (done by the store, see `postgres-retry.ts`) is safe even when the
 * COMMIT's outcome is unknown: if the batch did commit, its commits come back as 'conflict' on the
 * retry (the version moved on, or the ARN exists), which the engine treats as for any conflict, by
 * reloading the execution, and finds its own transition there. Nothing is applied twice.
 */
export function createPostgresCommitTransitions(
  database: PostgresDatabase,
  schema: string,
): (commits: readonly TransitionCommit[]) => Promise<CommitOutcome[]> {
  const oneStatementSql = commitStatementSql(schema);
  const savepointSql = savepointCommitSql(schema);
  const channel = workChannelOf(schema);
  const commitSorted = async (commits: readonly TransitionCommit[]): Promise<CommitOutcome[]> => {
    if (canCommitInOneStatement(commits)) {
      try {
        return await commitInOneStatement(database, oneStatementSql, channel, commits);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    }
    return database.transaction((session) => commitWithSavepoints(session, savepointSql, channel, commits));
  };
  return async (commits) => {
    commits.forEach(checkCommit);
    if (commits.length === 0) return [];
    const order = inArnOrder(commits);
    const outcomes = await commitSorted(order.map((index) => commits[index]!));
    const byInput: CommitOutcome[] = new Array<CommitOutcome>(commits.length);
    order.forEach((index, position) => (byInput[index] = outcomes[position]!));
    return byInput;
  };
}

/**
 * Indexes of `commits` sorted by execution ARN (code-unit order, as COLLATE "C" sorts ASCII), stable:
 * two commits of one execution keep their order. Every batch then locks execution rows in the same
 * order, so concurrent batches wait for each other instead of deadlocking.
 */
function inArnOrder(commits: readonly TransitionCommit[]): number[] {
  return commits
    .map((_, index) => index)
    .sort((a, b) => compareText(commits[a]!.executionArn, commits[b]!.executionArn) || a - b);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function checkCommit(commit: TransitionCommit): void {
  if ((commit.create !== undefined) !== (commit.expectedVersion === 0)) {
    throw new TypeError(
      `commit for ${commit.executionArn}: 'create' must be set exactly when expectedVersion is 0 (got ${commit.expectedVersion})`,
    );
  }
}
