import { appendFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StateMachineDefinition } from '../../src/core/definition/asl-types.js';
import type { Json } from '../../src/core/json.js';
import type { TaskContext, TaskHandlers } from '../../src/engine/task-handler.js';

/**
 * The saga the crash test drives: two forward steps (the second retried on a transient
 * error), a Parallel of two branches (one with its own Retry), a short Wait, then a step
 * that fails for good for some inputs and is caught into compensations in reverse order.
 */
export const STATE_MACHINE_NAME = 'crash-saga';

const fn = (name: string): string => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
const transient = [{ ErrorEquals: ['TransientError'], IntervalSeconds: 1, BackoffRate: 1, MaxAttempts: 3 }];

export const sagaDefinition: StateMachineDefinition = {
  Comment: 'Reserve, charge, fan out, pause, ship; compensate charge then reservation when shipping is refused.',
  StartAt: 'Reserve',
  States: {
    Reserve: { Type: 'Task', Resource: fn('Reserve'), ResultPath: '$.reserve', Next: 'Charge' },
    // A service integration (TaskScheduled events); the others are Lambda functions (LambdaFunctionScheduled).
    Charge: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'Charge', 'Payload.$': '$' },
      ResultSelector: { 'chargeId.$': '$.Payload.chargeId', 'amount.$': '$.Payload.amount' },
      ResultPath: '$.charge',
      Retry: transient,
      Next: 'Fanout',
    },
    Fanout: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'Notify', States: { Notify: { Type: 'Task', Resource: fn('Notify'), End: true } } },
        {
          StartAt: 'Audit',
          States: {
            Audit: { Type: 'Task', Resource: fn('Audit'), Retry: transient, Next: 'Seal' },
            Seal: { Type: 'Task', Resource: fn('Seal'), End: true },
          },
        },
      ],
      ResultPath: '$.fanout',
      Next: 'Pause',
    },
    Pause: { Type: 'Wait', SecondsPath: '$.pauseSeconds', Next: 'Ship' },
    Ship: {
      Type: 'Task',
      Resource: fn('Ship'),
      ResultPath: '$.ship',
      Catch: [{ ErrorEquals: ['ShipmentRefused'], ResultPath: '$.error', Next: 'CancelCharge' }],
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
    CancelCharge: { Type: 'Task', Resource: fn('CancelCharge'), ResultPath: '$.undoCharge', Next: 'CancelReservation' },
    CancelReservation: {
      Type: 'Task',
      Resource: fn('CancelReservation'),
      ResultPath: '$.undoReservation',
      Next: 'SagaFailed',
    },
    SagaFailed: { Type: 'Fail', Error: 'SagaCompensated', Cause: 'shipment refused; charge and reservation undone' },
  },
};

export const sagaDefinitionText = JSON.stringify(sagaDefinition);

export interface SagaInput {
  id: number;
  /** Charge throws TransientError on its first attempt. */
  flakyCharge: boolean;
  /** Audit (inside the Parallel) throws TransientError on its first attempt. */
  flakyAudit: boolean;
  /** Ship throws ShipmentRefused: the saga compensates and fails. */
  fail: boolean;
  /** How long the Wait state waits (1 or 2 s). */
  pauseSeconds: number;
}

export function sagaName(index: number): string {
  return `saga-${index}`;
}

export function sagaInput(index: number): SagaInput {
  return {
    id: index,
    flakyCharge: index % 3 === 0,
    flakyAudit: index % 5 === 2,
    fail: index % 4 === 1,
    pauseSeconds: 1 + (index % 2),
  };
}

export interface ExpectedOutcome {
  status: 'SUCCEEDED' | 'FAILED';
  output?: Json;
  /** FAILED: the input of the Fail state, which shows what the compensations returned. */
  failStateInput?: Json;
  error?: string;
  cause?: string;
  /** State names entered once each (every state is entered at most once on any path). */
  enteredStates: string[];
  /** How many times each task state is scheduled (retries schedule again). */
  scheduled: Record<string, number>;
}

export function expectedOutcome(input: SagaInput): ExpectedOutcome {
  const scheduled: Record<string, number> = {
    Reserve: 1,
    Charge: input.flakyCharge ? 2 : 1,
    Notify: 1,
    Audit: input.flakyAudit ? 2 : 1,
    Seal: 1,
    Ship: 1,
  };
  const common = ['Reserve', 'Charge', 'Fanout', 'Notify', 'Audit', 'Seal', 'Pause', 'Ship'];
  const beforeShip = {
    ...input,
    reserve: { reservationId: `R-${input.id}` },
    charge: { chargeId: `C-${input.id}`, amount: input.id * 10 + 5 },
    fanout: [`notified-${input.id}`, `sealed-${input.id * 7}`],
  };
  if (input.fail) {
    return {
      status: 'FAILED',
      failStateInput: {
        ...beforeShip,
        error: { Error: 'ShipmentRefused', Cause: `no carrier for order ${input.id}` },
        undoCharge: `refunded-C-${input.id}`,
        undoReservation: `released-R-${input.id}`,
      },
      error: 'SagaCompensated',
      cause: 'shipment refused; charge and reservation undone',
      enteredStates: [...common, 'CancelCharge', 'CancelReservation', 'SagaFailed'],
      scheduled: { ...scheduled, CancelCharge: 1, CancelReservation: 1 },
    };
  }
  const output: Json = { ...beforeShip, ship: { trackingId: `T-${input.id}` } };
  return { status: 'SUCCEEDED', output, enteredStates: [...common, 'Done'], scheduled };
}

/** One line of the journal: one handler invocation. */
export interface JournalEntry {
  idempotencyKey: string;
  stateName: string;
  executionArn: string;
  attempt: number;
  pid: number;
}

export interface HoldOptions {
  /** Written (once the journal line is) by the held invocation, which then sleeps `holdMs`. */
  markerFile: string;
  executionName: string;
  stateName: string;
  holdMs: number;
}

class TransientError extends Error {
  override name = 'TransientError';
}

class ShipmentRefused extends Error {
  override name = 'ShipmentRefused';
}

/**
 * Handlers whose results depend on their input only, so a re-invocation after a crash
 * returns what the lost one would have. Each one journals itself synchronously first.
 */
export function sagaHandlers(journalFile: string, hold?: HoldOptions): TaskHandlers {
  const step =
    (body: (input: SagaInput, ctx: TaskContext) => Json) =>
    async (input: SagaInput, ctx: TaskContext): Promise<Json> => {
      const entry: JournalEntry = {
        idempotencyKey: ctx.idempotencyKey,
        stateName: ctx.stateName,
        executionArn: ctx.executionArn,
        attempt: ctx.attempt,
        pid: process.pid,
      };
      appendFileSync(journalFile, `${JSON.stringify(entry)}\n`);
      if (hold && ctx.executionName === hold.executionName && ctx.stateName === hold.stateName) {
        writeFileSync(hold.markerFile, ctx.idempotencyKey);
        await sleep(hold.holdMs);
      }
      await sleep(2 + Math.floor(Math.random() * 18));
      return body(input, ctx);
    };
  const auditOutput = (input: SagaInput): { auditId: number } => ({ auditId: input.id * 7 });
  return {
    Reserve: step((input) => ({ reservationId: `R-${input.id}` })),
    Charge: step((input, ctx) => {
      if (input.flakyCharge && ctx.attempt === 1) throw new TransientError(`charge ${input.id}: gateway busy`);
      return { chargeId: `C-${input.id}`, amount: input.id * 10 + 5 };
    }),
    Notify: step((input) => `notified-${input.id}`),
    Audit: step((input, ctx) => {
      if (input.flakyAudit && ctx.attempt === 1) throw new TransientError(`audit ${input.id}: ledger locked`);
      return auditOutput(input);
    }),
    Seal: step((audit) => `sealed-${(audit as unknown as { auditId: number }).auditId}`),
    Ship: step((input) => {
      if (input.fail) throw new ShipmentRefused(`no carrier for order ${input.id}`);
      return { trackingId: `T-${input.id}` };
    }),
    CancelCharge: step((input) => {
      const charge = (input as unknown as { charge: { chargeId: string } }).charge;
      return `refunded-${charge.chargeId}`;
    }),
    CancelReservation: step((input) => {
      const reserve = (input as unknown as { reserve: { reservationId: string } }).reserve;
      return `released-${reserve.reservationId}`;
    }),
  };
}
