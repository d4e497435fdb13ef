import { checkOperation, invokeOperation } from './branch-operation.js';
import { claimName, runRecorded } from './recorded-operation.js';
import { branchContext, type RunScope } from './run-scope.js';
import { encoded, eventDraft, type EventDraft } from './workflow-events.js';
import { recordKey, type RecordedOutcome } from './workflow-snapshot.js';
import type { BranchType, SagaBranch, TccBranch, XaBranch } from './workflow-types.js';
import { xaTransactionId } from './xa-resource.js';

function branchEvent(branch: string, type: BranchType, op: string, outcome: RecordedOutcome): EventDraft {
  return outcome.ok
    ? eventDraft('BranchSucceeded', { branch, branchType: type, op, output: encoded(outcome.output) })
    : eventDraft('BranchFailed', { branch, branchType: type, op, error: outcome.error, cause: outcome.cause });
}

/** `wf.saga`: the action runs now (recorded); the compensation is registered for a rollback. */
export async function sagaBranch<T>(scope: RunScope, name: string, branch: SagaBranch<T>): Promise<T> {
  claimName(scope, name);
  checkOperation(branch.action, `saga '${name}' action`);
  checkOperation(branch.compensate, `saga '${name}' compensate`);
  scope.branches.push({
    name,
    type: 'saga',
    forwardOp: 'action',
    onRollback: { op: 'compensate', run: (ctx) => invokeOperation(scope, branch.compensate, ctx) },
    rollbackWhenFailed: branch.compensateOnFailure ?? false,
  });
  const ctx = branchContext(scope, name, 'saga', 'action');
  return runRecorded<T>(
    scope,
    recordKey(name, 'action'),
    `saga '${name}' action`,
    () => invokeOperation(scope, branch.action, ctx),
    (outcome) => branchEvent(name, 'saga', 'action', outcome),
  );
}

/** `wf.tcc`: try runs now (recorded); confirm is registered for a commit, cancel for a rollback. */
export async function tccBranch<T>(scope: RunScope, name: string, branch: TccBranch<T>): Promise<T> {
  claimName(scope, name);
  checkOperation(branch.try, `tcc '${name}' try`);
  checkOperation(branch.confirm, `tcc '${name}' confirm`);
  checkOperation(branch.cancel, `tcc '${name}' cancel`);
  scope.branches.push({
    name,
    type: 'tcc',
    forwardOp: 'try',
    onCommit: { op: 'confirm', run: (ctx) => invokeOperation(scope, branch.confirm, ctx) },
    onRollback: { op: 'cancel', run: (ctx) => invokeOperation(scope, branch.cancel, ctx) },
    rollbackWhenFailed: branch.cancelOnFailure ?? false,
  });
  const ctx = branchContext(scope, name, 'tcc', 'try');
  return runRecorded<T>(
    scope,
    recordKey(name, 'try'),
    `tcc '${name}' try`,
    () => invokeOperation(scope, branch.try, ctx),
    (outcome) => branchEvent(name, 'tcc', 'try', outcome),
  );
}

/**
 * `wf.xa`: the local transaction runs and is prepared now (recorded); it is committed on a commit and
 * rolled back on a rollback. A transaction found prepared but not recorded (the process died between
 * the two) is rolled back and run again: its effects were never committed.
 */
export async function xaBranch<T, C>(scope: RunScope, name: string, branch: XaBranch<T, C>): Promise<T> {
  claimName(scope, name);
  const { resource } = branch;
  const xid = xaTransactionId(scope.gid, name);
  scope.branches.push({
    name,
    type: 'xa',
    forwardOp: 'action',
    onCommit: { op: 'commit', run: () => resource.commit(xid) },
    onRollback: { op: 'rollback', run: () => resource.rollback(xid) },
    rollbackWhenFailed: true,
  });
  const ctx = branchContext(scope, name, 'xa', 'action');
  return runRecorded<T>(
    scope,
    recordKey(name, 'action'),
    `xa '${name}'`,
    async () => {
      if (await resource.isPrepared(xid)) await resource.rollback(xid);
      return resource.prepare(xid, (connection) => branch.run(connection, ctx));
    },
    (outcome) =>
      outcome.ok
        ? eventDraft('XaPrepared', { branch: name, xid, resource: resource.name, output: encoded(outcome.output) })
        : branchEvent(name, 'xa', 'action', outcome),
  );
}
