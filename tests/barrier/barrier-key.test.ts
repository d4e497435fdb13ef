import { describe, expect, it } from 'vitest';
import { BarrierFieldError } from '../../src/barrier/barrier-error.js';
import { barrierFromQuery } from '../../src/barrier/barrier-from-query.js';
import { barrierFromTaskContext } from '../../src/barrier/barrier-from-task-context.js';
import { checkBranchIdentity, FIELD_LIMITS } from '../../src/barrier/barrier-identity.js';
import { decideBarrierOutcome } from '../../src/barrier/barrier-outcome.js';
import { barrierRows, createBranchBarrier } from '../../src/barrier/branch-barrier.js';

const fieldOf = (work: () => unknown): string | undefined => {
  try {
    work();
  } catch (error) {
    if (error instanceof BarrierFieldError) return error.field;
    throw error;
  }
  return undefined;
};

describe('barrierFromQuery', () => {
  it('reads gid, trans_type, branch_id and op from a DTM branch request', () => {
    const query = new URLSearchParams('gid=g-1&trans_type=tcc&branch_id=0101&op=cancel&extra=1');
    expect(barrierFromQuery(query).identity).toEqual({ transType: 'tcc', gid: 'g-1', branchId: '0101', op: 'cancel' });
    const parsed = { gid: 'g-2', trans_type: 'saga', branch_id: '01', op: 'compensate' };
    expect(barrierFromQuery(parsed).identity).toEqual({
      transType: 'saga',
      gid: 'g-2',
      branchId: '01',
      op: 'compensate',
    });
  });

  it.each([
    ['trans_type=saga&branch_id=01&op=action', 'gid', /gid: is missing from the query string/],
    ['gid=g&trans_type=saga&branch_id=01', 'op', /op: is missing/],
    ['gid=g&gid=h&trans_type=saga&branch_id=01&op=action', 'gid', /gid: is given 2 times/],
    ['gid=&trans_type=saga&branch_id=01&op=action', 'gid', /gid: must not be empty/],
    [
      'gid=g&trans_type=batch&branch_id=01&op=action',
      'trans_type',
      /"batch" is not one of saga, tcc, xa, msg, workflow/,
    ],
    ['gid=g&trans_type=saga&branch_id=01&op=try', 'op', /"try" is not an op of trans_type saga \(action, compensate\)/],
    ['gid=g&trans_type=tcc&branch_id=01&op=action', 'op', /not an op of trans_type tcc/],
    ['gid=g%0A&trans_type=saga&branch_id=01&op=action', 'gid', /control characters/],
    ['gid=+g&trans_type=saga&branch_id=01&op=action', 'gid', /whitespace/],
  ])('refuses %s, naming %s', (text, field, message) => {
    expect(fieldOf(() => barrierFromQuery(new URLSearchParams(text)))).toBe(field);
    expect(() => barrierFromQuery(new URLSearchParams(text))).toThrow(message);
  });

  it('refuses values longer than the limits and non-string values', () => {
    const base = { gid: 'g', trans_type: 'saga', branch_id: '01', op: 'action' };
    expect(barrierFromQuery({ ...base, gid: 'g'.repeat(FIELD_LIMITS.gid) }).identity.gid).toHaveLength(256);
    expect(() => barrierFromQuery({ ...base, gid: 'g'.repeat(FIELD_LIMITS.gid + 1) })).toThrow(
      /barrier gid: is 257 characters long; at most 256 are allowed/,
    );
    expect(fieldOf(() => barrierFromQuery({ ...base, branch_id: 'b'.repeat(129) }))).toBe('branch_id');
    expect(fieldOf(() => barrierFromQuery({ ...base, branch_id: 7 }))).toBe('branch_id');
    expect(fieldOf(() => barrierFromQuery({ ...base, op: ['action', 'action'] }))).toBe('op');
  });

  it('is an UnwindError with code InvalidInput and the field as problem path', () => {
    try {
      barrierFromQuery({ trans_type: 'saga', branch_id: '01', op: 'action' });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'InvalidInput', problems: [{ path: 'gid' }] });
    }
  });
});

describe('barrierFromTaskContext', () => {
  const ctx = {
    executionArn: 'arn:aws:states:us-east-1:123456789012:execution:Trip:run-1',
    stateName: 'ReserveHotel',
  };

  it('keys a local handler by execution ARN and state name', () => {
    expect(barrierFromTaskContext(ctx, { op: 'action' }).identity).toEqual({
      transType: 'saga',
      gid: ctx.executionArn,
      branchId: 'ReserveHotel',
      op: 'action',
    });
  });

  it('lets a compensation state name its forward branch', () => {
    const compensation = barrierFromTaskContext(
      { ...ctx, stateName: 'CancelHotel' },
      {
        op: 'compensate',
        branchId: 'ReserveHotel',
      },
    );
    expect(compensation.identity).toMatchObject({ branchId: 'ReserveHotel', op: 'compensate' });
    expect(fieldOf(() => barrierFromTaskContext(ctx, { op: 'confirm' }))).toBe('op');
    expect(barrierFromTaskContext(ctx, { op: 'confirm', transType: 'tcc' }).identity.op).toBe('confirm');
  });
});

describe('branch barrier', () => {
  it('numbers the calls of one request 01, 02, ... and starts again for a new request', () => {
    const identity = { transType: 'saga', gid: 'g', branchId: '01', op: 'action' } as const;
    const barrier = createBranchBarrier(identity);
    expect([barrier.nextRowKey().barrierId, barrier.nextRowKey().barrierId]).toEqual(['01', '02']);
    expect(createBranchBarrier(identity).nextRowKey().barrierId).toBe('01');
  });

  it('fences the forward op of compensating ops only', () => {
    const rows = (transType: string, op: string) =>
      barrierRows({ ...checkBranchIdentity({ transType, gid: 'g', branchId: '01', op }), barrierId: '01' }).forward;
    expect(rows('saga', 'compensate')).toEqual({ op: 'action', reason: 'compensate' });
    expect(rows('tcc', 'cancel')).toEqual({ op: 'try', reason: 'cancel' });
    expect(rows('workflow', 'rollback')).toEqual({ op: 'action', reason: 'rollback' });
    expect(rows('tcc', 'confirm')).toBeUndefined();
    expect(rows('saga', 'action')).toBeUndefined();
  });
});

describe('decideBarrierOutcome', () => {
  it.each([
    ['action', undefined, true, undefined, 'executed'],
    ['action', undefined, false, 'action', 'duplicate'],
    ['action', undefined, false, 'compensate', 'hanging'],
    ['try', undefined, false, 'cancel', 'hanging'],
    ['compensate', false, true, undefined, 'executed'],
    ['compensate', true, true, undefined, 'null-compensation'],
    ['compensate', false, false, 'compensate', 'duplicate'],
    ['confirm', undefined, false, 'confirm', 'duplicate'],
  ] as const)(
    '%s: forward inserted %s, current inserted %s, found %s -> %s',
    (op, forward, current, reason, outcome) => {
      expect(
        decideBarrierOutcome(op, { forwardInserted: forward, currentInserted: current, existingReason: reason }),
      ).toBe(outcome);
    },
  );
});
