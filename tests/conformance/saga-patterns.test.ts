import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { findPlaceholders } from '../../src/core/definition/substitute-placeholders.js';
import type { Json } from '../../src/core/json.js';
import { loadDefinition, type TaskHandler, type TaskHandlers } from '../../src/index.js';
import { createEngineFixture, enteredStates, type EngineFixture } from '../helpers/engine-fixture.js';

/**
 * The three saga-pattern samples of aws-samples/step-functions-workflows-collection (CDK, SAM and
 * Terraform flavours of the same travel-reservation saga), read UNCHANGED from ../shared/conformance
 * and run with local handlers that record their calls and fail on demand.
 *
 * Every expected path below was written out by hand from the definitions' Next/Catch structure:
 *   forward:      ReserveFlight → ReserveCarRental → ProcessPayment → ConfirmFlight → ConfirmCarRental
 *                 → SendingSMSSuccess → "Reservation Successful!"
 *   compensation: RefundPayment → CancelRentalReservation → CancelFlightReservation → SendingSMSFailure
 *                 → "Reservation Failed" (Fail, Error "Job Failed")
 *   Catch (States.ALL) targets: ReserveFlight → CancelFlightReservation, ReserveCarRental →
 *                 CancelRentalReservation, ProcessPayment/ConfirmFlight/ConfirmCarRental → RefundPayment.
 *   Retry: forward Lambdas retry only Lambda.ServiceException/AWSLambdaException/SdkClientException;
 *          compensations also retry States.ALL up to 3 times; the SNS tasks have no Retry nor Catch.
 */
const COLLECTION = fileURLToPath(
  new URL('../../../shared/conformance/aws-samples/workflows-collection/', import.meta.url),
);
const available = existsSync(COLLECTION);
if (!available && process.env.CI === 'true') {
  throw new Error(`CI must run the saga-pattern samples, but ${COLLECTION} is absent`);
}
if (!available) console.warn(`saga-pattern conformance tests skipped: ${COLLECTION} is absent`);

const SAMPLES = [
  'saga-pattern-cdk__resources__statemachine.asl.json',
  'saga-pattern-sam__statemachine__statemachine.asl.json',
  'saga-pattern-tf__statemachine__statemachine.asl.json',
];

const PLACEHOLDERS = [
  'cancelCarRentalFunction',
  'cancelFlightFunction',
  'confirmCarRentalFunction',
  'confirmFlightFunction',
  'processPaymentFunction',
  'refundPaymentFunction',
  'reserveCarRentalFunction',
  'reserveFlightFunction',
  'snsTopicArn',
];

const lambdaArn = (name: string): string => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:travel-reservations';

/** Lambda ARNs for most functions, a bare function name for one (both designate a handler). */
const substitutions: Record<string, string> = {
  reserveFlightFunction: lambdaArn('reserveFlight'),
  reserveCarRentalFunction: lambdaArn('reserveCarRental'),
  processPaymentFunction: lambdaArn('processPayment'),
  confirmFlightFunction: lambdaArn('confirmFlight'),
  confirmCarRentalFunction: 'confirmCarRental',
  refundPaymentFunction: lambdaArn('refundPayment'),
  cancelCarRentalFunction: lambdaArn('cancelCarRental'),
  cancelFlightFunction: lambdaArn('cancelFlight'),
  snsTopicArn: TOPIC,
};

type Lambda =
  | 'reserveFlight'
  | 'reserveCarRental'
  | 'processPayment'
  | 'confirmFlight'
  | 'confirmCarRental'
  | 'refundPayment'
  | 'cancelCarRental'
  | 'cancelFlight';

const LAMBDAS: Lambda[] = [
  'reserveFlight',
  'reserveCarRental',
  'processPayment',
  'confirmFlight',
  'confirmCarRental',
  'refundPayment',
  'cancelCarRental',
  'cancelFlight',
];

/** What a handler does on its next calls: throw this many times, with this error name ('Error' = plain Error). */
interface Fault {
  times: number;
  name: string;
}

interface Harness {
  handlers: TaskHandlers;
  /** Handler calls in order: a Lambda name, or `sns:<Message>`. */
  calls: string[];
  /** The Payload each Lambda received last. */
  inputs: Map<string, Json>;
  faults: Map<string, Fault>;
}

function harness(): Harness {
  const calls: string[] = [];
  const inputs = new Map<string, Json>();
  const faults = new Map<string, Fault>();
  const maybeFail = (name: string): void => {
    const fault = faults.get(name);
    if (!fault || fault.times <= 0) return;
    fault.times--;
    const error = new Error(`${name} failed (injected)`);
    if (fault.name !== 'Error') error.name = fault.name;
    throw error;
  };
  const handlers: Record<string, TaskHandler> = {};
  for (const name of LAMBDAS) {
    handlers[name] = (input: Json): Json => {
      calls.push(name);
      inputs.set(name, input);
      maybeFail(name);
      return { status: 'ok', by: name };
    };
  }
  handlers['sns:publish'] = (input: { TopicArn: string; Message: string }): Json => {
    calls.push(`sns:${input.Message}`);
    expect(input.TopicArn).toBe(TOPIC);
    maybeFail('sns:publish');
    return { MessageId: `m-${calls.length}` };
  };
  return { handlers, calls, inputs, faults };
}

const OK_SMS = 'sns:Your Travel Reservation is Successful';
const FAILED_SMS = 'sns:Your Travel Reservation Failed';

interface Scenario {
  title: string;
  /** Lambda (or 'sns:publish') → fault. */
  faults: [string, Fault][];
  states: string[];
  calls: string[];
  status: 'SUCCEEDED' | 'FAILED';
  error?: string;
}

const SUCCESS_STATES = [
  'ReserveFlight',
  'ReserveCarRental',
  'ProcessPayment',
  'ConfirmFlight',
  'ConfirmCarRental',
  'SendingSMSSuccess',
  'Reservation Successful!',
];
const SUCCESS_CALLS = [
  'reserveFlight',
  'reserveCarRental',
  'processPayment',
  'confirmFlight',
  'confirmCarRental',
  OK_SMS,
];

const plain = (times = 1): Fault => ({ times, name: 'Error' });

const scenarios: Scenario[] = [
  {
    title: 'success: every forward step, then the success SMS',
    faults: [],
    states: SUCCESS_STATES,
    calls: SUCCESS_CALLS,
    status: 'SUCCEEDED',
  },
  {
    title: 'ReserveFlight fails: only the flight is cancelled',
    faults: [['reserveFlight', plain()]],
    states: ['ReserveFlight', 'CancelFlightReservation', 'SendingSMSFailure', 'Reservation Failed'],
    calls: ['reserveFlight', 'cancelFlight', FAILED_SMS],
    status: 'FAILED',
    error: 'Job Failed',
  },
  {
    title: 'ReserveCarRental fails: rental, then flight cancelled',
    faults: [['reserveCarRental', plain()]],
    states: [
      'ReserveFlight',
      'ReserveCarRental',
      'CancelRentalReservation',
      'CancelFlightReservation',
      'SendingSMSFailure',
      'Reservation Failed',
    ],
    calls: ['reserveFlight', 'reserveCarRental', 'cancelCarRental', 'cancelFlight', FAILED_SMS],
    status: 'FAILED',
    error: 'Job Failed',
  },
  {
    title: 'ProcessPayment fails: refund, rental, flight in reverse order',
    faults: [['processPayment', plain()]],
    states: [
      'ReserveFlight',
      'ReserveCarRental',
      'ProcessPayment',
      'RefundPayment',
      'CancelRentalReservation',
      'CancelFlightReservation',
      'SendingSMSFailure',
      'Reservation Failed',
    ],
    calls: [
      'reserveFlight',
      'reserveCarRental',
      'processPayment',
      'refundPayment',
      'cancelCarRental',
      'cancelFlight',
      FAILED_SMS,
    ],
    status: 'FAILED',
    error: 'Job Failed',
  },
  {
    title: 'ConfirmFlight fails: refund, rental, flight in reverse order',
    faults: [['confirmFlight', plain()]],
    states: [
      'ReserveFlight',
      'ReserveCarRental',
      'ProcessPayment',
      'ConfirmFlight',
      'RefundPayment',
      'CancelRentalReservation',
      'CancelFlightReservation',
      'SendingSMSFailure',
      'Reservation Failed',
    ],
    calls: [
      'reserveFlight',
      'reserveCarRental',
      'processPayment',
      'confirmFlight',
      'refundPayment',
      'cancelCarRental',
      'cancelFlight',
      FAILED_SMS,
    ],
    status: 'FAILED',
    error: 'Job Failed',
  },
  {
    title: 'ConfirmCarRental fails (custom error name): refund, rental, flight in reverse order',
    faults: [['confirmCarRental', { times: 1, name: 'CarRentalUnavailable' }]],
    states: [
      'ReserveFlight',
      'ReserveCarRental',
      'ProcessPayment',
      'ConfirmFlight',
      'ConfirmCarRental',
      'RefundPayment',
      'CancelRentalReservation',
      'CancelFlightReservation',
      'SendingSMSFailure',
      'Reservation Failed',
    ],
    calls: [
      'reserveFlight',
      'reserveCarRental',
      'processPayment',
      'confirmFlight',
      'confirmCarRental',
      'refundPayment',
      'cancelCarRental',
      'cancelFlight',
      FAILED_SMS,
    ],
    status: 'FAILED',
    error: 'Job Failed',
  },
  {
    title: 'a transient Lambda.ServiceException in ReserveCarRental is retried, not compensated',
    faults: [['reserveCarRental', { times: 2, name: 'Lambda.ServiceException' }]],
    states: SUCCESS_STATES,
    calls: [
      'reserveFlight',
      'reserveCarRental',
      'reserveCarRental',
      'reserveCarRental',
      'processPayment',
      'confirmFlight',
      'confirmCarRental',
      OK_SMS,
    ],
    status: 'SUCCEEDED',
  },
  {
    title: 'a compensation that fails twice is retried (States.ALL, MaxAttempts 3) and the saga goes on',
    faults: [
      ['confirmFlight', plain()],
      ['refundPayment', plain(2)],
    ],
    states: [
      'ReserveFlight',
      'ReserveCarRental',
      'ProcessPayment',
      'ConfirmFlight',
      'RefundPayment',
      'CancelRentalReservation',
      'CancelFlightReservation',
      'SendingSMSFailure',
      'Reservation Failed',
    ],
    calls: [
      'reserveFlight',
      'reserveCarRental',
      'processPayment',
      'confirmFlight',
      'refundPayment',
      'refundPayment',
      'refundPayment',
      'cancelCarRental',
      'cancelFlight',
      FAILED_SMS,
    ],
    status: 'FAILED',
    error: 'Job Failed',
  },
  {
    title: 'a compensation that keeps failing exhausts its retries and fails the execution (no Catch)',
    faults: [
      ['processPayment', plain()],
      ['cancelCarRental', plain(10)],
    ],
    states: ['ReserveFlight', 'ReserveCarRental', 'ProcessPayment', 'RefundPayment', 'CancelRentalReservation'],
    calls: [
      'reserveFlight',
      'reserveCarRental',
      'processPayment',
      'refundPayment',
      'cancelCarRental',
      'cancelCarRental',
      'cancelCarRental',
      'cancelCarRental',
    ],
    status: 'FAILED',
    error: 'States.TaskFailed',
  },
  {
    title: 'a failure of the success SMS is not caught: the execution fails without compensation',
    faults: [['sns:publish', { times: 1, name: 'SNS.InternalErrorException' }]],
    states: [
      'ReserveFlight',
      'ReserveCarRental',
      'ProcessPayment',
      'ConfirmFlight',
      'ConfirmCarRental',
      'SendingSMSSuccess',
    ],
    calls: SUCCESS_CALLS,
    status: 'FAILED',
    error: 'SNS.InternalErrorException',
  },
];

let fixture: EngineFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

describe.skipIf(!available)('saga-pattern samples (aws-samples/step-functions-workflows-collection)', () => {
  describe.each(SAMPLES)('%s', (file) => {
    const text = (): string => readFileSync(join(COLLECTION, file), 'utf8');

    it('has exactly the expected placeholders, and loads once they are substituted', () => {
      const names = [...new Set(findPlaceholders(JSON.parse(text()) as Json).map((use) => use.name))].sort();
      expect(names).toEqual(PLACEHOLDERS);
      const { handlers } = harness();
      expect(() => loadDefinition(text(), handlers)).toThrow(/unfilled placeholder/);
      expect(() => loadDefinition(text(), handlers, { substitutions })).not.toThrow();
    });

    it.each(scenarios)('$title', async (scenario) => {
      const h = harness();
      for (const [name, fault] of scenario.faults) h.faults.set(name, { ...fault });
      const { definition } = loadDefinition(text(), h.handlers, { substitutions });
      fixture = await createEngineFixture(h.handlers);
      const input = { tripId: 'trip-42', traveller: 'Ada' };
      const { record, events, output } = await fixture.run(definition, input);

      expect(enteredStates(events)).toEqual(scenario.states);
      expect(h.calls).toEqual(scenario.calls);
      expect(record.status).toBe(scenario.status);
      if (scenario.status === 'SUCCEEDED') {
        // Each forward step's lambda:invoke result lands at its ResultPath; the SNS result replaces the state.
        expect(output).toEqual({ MessageId: `m-${h.calls.length}` });
        expect(h.inputs.get('confirmCarRental')).toMatchObject({
          ...input,
          ReserveFlightResult: { Payload: { status: 'ok', by: 'reserveFlight' }, StatusCode: 200 },
          ConfirmFlightResult: { Payload: { status: 'ok', by: 'confirmFlight' }, StatusCode: 200 },
        });
      } else {
        expect(record.error).toBe(scenario.error);
      }
    });

    it('hands the caught error to the compensations at the Catch ResultPath', async () => {
      const h = harness();
      h.faults.set('processPayment', { times: 1, name: 'PaymentDeclined' });
      const { definition } = loadDefinition(text(), h.handlers, { substitutions });
      fixture = await createEngineFixture(h.handlers);
      const { record } = await fixture.run(definition, { tripId: 'trip-7' });
      expect(record.status).toBe('FAILED');
      const refundInput = h.inputs.get('refundPayment') as Record<string, Json>;
      expect(refundInput.ProcessPaymentError).toEqual({
        Error: 'PaymentDeclined',
        Cause: 'processPayment failed (injected)',
      });
      expect(refundInput.ReserveCarRentalResult).toMatchObject({ Payload: { by: 'reserveCarRental' } });
      // The compensations pass the state on: the flight cancellation sees the refund's result too.
      expect(h.inputs.get('cancelFlight')).toMatchObject({
        tripId: 'trip-7',
        ProcessPaymentError: { Error: 'PaymentDeclined' },
        RefundPaymentResult: { Payload: { by: 'refundPayment' } },
        CancelRentalReservationResult: { Payload: { by: 'cancelCarRental' } },
      });
    });
  });
});
