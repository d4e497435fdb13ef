import { checkOperation, invokeOperation } from './branch-operation.js';
import { claimName, runRecorded } from './recorded-operation.js';
import { branchContext, type PhaseTwoHandler, type RunScope } from './run-scope.js';
import { encoded, eventDraft, type EventDraft } from './workflow-events.js';
import { recordKey, type RecordedOutcome } from './workflow-snapshot.js';
import type { BranchContext, BranchOperation, BranchType, SagaBranch, TccBranch, XaBranch } from './workflow-types.js';
import { xaTransactionId } from './xa-resource.js';

function branchEvent(branch: string, type: BranchType, op: string, outcome: RecordedOutcome): EventDraft {
  return outcome.ok
    ? eventDraft('BranchSucceeded', { branch, branchType: type, op, output: encoded(outcome.output) })
    : eventDraft('BranchFailed', { branch, branchType: type, op, error: outcome.error, cause: outcome.cause });
}

/** The operations of a saga or TCC branch: its forward op, run now, and its phase-two ops by name. */
interface OperationBranch<T> {
  type: 'saga' | 'tcc';
  forward: { op: 'action' | 'try'; run: BranchOperation<T> };
  commit?: { op: 'confirm'; run: BranchOperation<unknown> };
  rollback: { op: 'compensate' | 'cancel'; run: BranchOperation<unknown> };
  rollbackWhenFailed: boolean;
}

/** Saga and TCC branches: the forward op runs now (recorded), the others are registered for phase two. */
async function operationBranch<T>(scope: RunScope, name: string, branch: OperationBranch<T>): Promise<T> {
  const { type, forward, commit, rollback } = branch;
  claimName(scope, name);
  for (const operation of [forward, commit, rollback]) {
    if (operation) checkOperation(operation.run, `${type} '${name}' ${operation.op}`);
  }
  const phaseTwo = (handler: { op: PhaseTwoHandler['op']; run: BranchOperation<unknown> }): PhaseTwoHandler => ({
    op: handler.op,
    run: (ctx: BranchContext) => invokeOperation(scope, handler.run, ctx),
  });
  scope.branches.push({
    name,
    type,
    forwardOp: forward.op,
    ...(commit ? { onCommit: phaseTwo(commit) } : {}),
    onRollback: phaseTwo(rollback),
    rollbackWhenFailed: branch.rollbackWhenFailed,
  });
  const ctx = branchContext(scope, name, type, forward.op);
  return runRecorded<T>(
    scope,
    recordKey(name, forward.op),
    `${type} '${name}' ${forward.op}`,
    () => invokeOperation(scope, forward.run, ctx),
    (outcome) => branchEvent(name, type, forward.op, outcome),
  );
}

/** `wf.saga`: the action runs now (recorded); the compensation is registered for a rollback. */
export function sagaBranch<T>(scope: RunScope, name: string, branch: SagaBranch<T>): Promise<T> {
  return operationBranch(scope, name, {
    type: 'saga',
    forward: { op: 'action', run: branch.action },
    rollback: { op: 'compensate', run: branch.compensate },
    rollbackWhenFailed: branch.compensateOnFailure ?? false,
  });
}

/** `wf.tcc`: try runs now (recorded); confirm is registered for a commit, cancel for a rollback. */
export function tccBranch<T>(scope: RunScope, name: string, branch: TccBranch<T>): Promise<T> {
  return operationBranch(scope, name, {
    type: 'tcc',
    forward: { op: 'try', run: branch.try },
    commit: { op: 'confirm', run: branch.confirm },
    rollback: { op: 'cancel', run: branch.cancel },
    rollbackWhenFailed: branch.cancelOnFailure ?? false,
  });
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
