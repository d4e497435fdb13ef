import type { Json, TaskHandlers } from '../src/index.js';

/** The five steps of the benchmark saga, each a Task state with a no-op handler. */
export const SAGA_STEPS = ['ReserveFlight', 'ReserveHotel', 'ReserveCar', 'ChargeCard', 'ConfirmTrip'] as const;

/** Transitions one saga execution makes: its start, then one per task completion. */
export const TRANSITIONS_PER_SAGA = SAGA_STEPS.length + 1;

export const SAGA_INPUT: Json = { tripId: 'T-1000', traveller: 'ada', amount: 420 };

/** Task resources are Lambda ARNs; the engine resolves each to the handler named after the function. */
const lambdaArn = (step: string): string => `arn:aws:lambda:us-east-1:123456789012:function:${step}`;

const noop = (): Promise<Json> => Promise.resolve({ ok: true });

export const sagaHandlers: TaskHandlers = Object.fromEntries(SAGA_STEPS.map((step) => [step, noop]));

/** A JSONPath ASL saga: five sequential Task states, each storing a tiny result under its own key. */
export function sagaDefinitionText(): string {
  const states = Object.fromEntries(
    SAGA_STEPS.map((step, i) => {
      const next = SAGA_STEPS[i + 1];
      return [
        step,
        {
          Type: 'Task',
          Resource: lambdaArn(step),
          ResultPath: `$.${step}`,
          ...(next ? { Next: next } : { End: true }),
        },
      ];
    }),
  );
  return JSON.stringify({ Comment: 'Unwind benchmark saga', StartAt: SAGA_STEPS[0], States: states });
}

/** A definition whose first state waits an hour: its executions park in the database. */
export function parkedDefinitionText(): string {
  return JSON.stringify({
    Comment: 'Unwind benchmark: parked executions',
    StartAt: 'Park',
    States: {
      Park: { Type: 'Wait', Seconds: 3600, Next: 'Wake' },
      Wake: { Type: 'Task', Resource: lambdaArn(SAGA_STEPS[0]), End: true },
    },
  });
}
