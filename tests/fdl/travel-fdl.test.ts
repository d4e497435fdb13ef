import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createOperation } from '../../examples/travel-fdl/handlers.js';
import { createFlowKit, eventsOf, outline, type FlowKit } from './flow-test-kit.js';

const FLOW = readFileSync(join(import.meta.dirname, '../../examples/travel-fdl/travel.flow.yaml'), 'utf8');
const RESOURCE = 'acs:fc:{region}:{accountID}:services/fnf-demo/functions/Operation';

let kit: FlowKit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

async function runTravel(input: Record<string, string>) {
  let next = 0;
  kit = await createFlowKit({ Operation: createOperation(() => `txn-${++next}`) });
  return kit.run(FLOW, input);
}

const task = (step: string): string[] => [
  `StepEntered ${step}`,
  `TaskScheduled ${step}`,
  `TaskStarted ${step}`,
  `TaskSucceeded ${step}`,
  `StepExited ${step}`,
];
const failedAttempt = (step: string): string[] => [
  `TaskScheduled ${step}`,
  `TaskStarted ${step}`,
  `TaskFailed ${step}`,
];

describe('the travel booking flow of the Serverless Workflow article', () => {
  it('books train, flight and hotel and ends in OrderSucceeded', async () => {
    const run = await runTravel({
      buy_train_ticket_result: 'success',
      reserve_flight_result: 'success',
      reserve_hotel_result: 'success',
    });
    expect(run.record.status).toBe('SUCCEEDED');
    expect(outline(run.flowEvents)).toEqual([
      'ExecutionStarted',
      ...task('BuyTrainTicket'),
      ...task('ReserveFlight'),
      ...task('ReserveHotel'),
      'StepEntered OrderSucceeded',
      'StepStarted OrderSucceeded',
      'StepExited OrderSucceeded',
      'ExecutionSucceeded',
    ]);
    const local = {
      buy_train_ticket: 'success',
      buy_train_ticket_txnID: 'txn-1',
      reserve_flight: 'success',
      reserve_flight_txnID: 'txn-2',
      reserve_hotel: 'success',
      reserve_hotel_txnID: 'txn-3',
    };
    expect(run.output).toEqual(local);
    expect(eventsOf(run.flowEvents, 'TaskScheduled', 'ReserveFlight')[0]?.eventDetail).toEqual({
      resourceArn: RESOURCE,
      input: { operation: 'reserve_flight', reserve_flight: 'success' },
    });
    expect(eventsOf(run.flowEvents, 'StepExited', 'ReserveFlight')[0]?.eventDetail).toEqual({
      input: { operation: 'reserve_flight', reserve_flight: 'success' },
      output: { reserve_flight: 'success', reserve_flight_txnID: 'txn-2' },
      local: {
        buy_train_ticket: 'success',
        buy_train_ticket_txnID: 'txn-1',
        reserve_flight: 'success',
        reserve_flight_txnID: 'txn-2',
      },
      resourceArn: RESOURCE,
    });
  });

  it('cancels the train ticket when the flight fails, then ends in OrderFailed', async () => {
    const run = await runTravel({
      buy_train_ticket_result: 'success',
      reserve_flight_result: 'fail',
      reserve_hotel_result: 'success',
    });
    expect(run.record.status).toBe('FAILED');
    expect(outline(run.flowEvents)).toEqual([
      'ExecutionStarted',
      ...task('BuyTrainTicket'),
      'StepEntered ReserveFlight',
      ...failedAttempt('ReserveFlight'),
      'StepExited ReserveFlight',
      ...task('CancelTrainTicket'),
      'StepEntered OrderFailed',
      'StepStarted OrderFailed',
      'StepFailed OrderFailed',
      'ExecutionFailed',
    ]);
    const failed = eventsOf(run.flowEvents, 'TaskFailed', 'ReserveFlight')[0];
    expect(failed?.eventDetail.error).toBe('FC.Unknown');
    expect(eventsOf(run.flowEvents, 'StepExited', 'ReserveFlight')[0]?.eventDetail).toMatchObject({
      error: 'FC.Unknown',
      retryCount: 0,
      goto: 'CancelTrainTicket',
      local: { buy_train_ticket: 'success', buy_train_ticket_txnID: 'txn-1' },
    });
    // The flow passes $local.reserve_flight_txnID, which the failed flight never set.
    expect(eventsOf(run.flowEvents, 'TaskScheduled', 'CancelTrainTicket')[0]?.eventDetail.input).toEqual({
      operation: 'cancel_train_ticket',
    });
  });

  it('retries the hotel 3 times after 1 s, 2 s and 4 s, then cancels flight and train and ends in OrderFailed', async () => {
    const run = await runTravel({
      buy_train_ticket_result: 'success',
      reserve_flight_result: 'success',
      reserve_hotel_result: 'fail',
    });
    expect(run.record.status).toBe('FAILED');
    expect(outline(run.flowEvents)).toEqual([
      'ExecutionStarted',
      ...task('BuyTrainTicket'),
      ...task('ReserveFlight'),
      'StepEntered ReserveHotel',
      ...failedAttempt('ReserveHotel'),
      ...failedAttempt('ReserveHotel'),
      ...failedAttempt('ReserveHotel'),
      ...failedAttempt('ReserveHotel'),
      'StepExited ReserveHotel',
      ...task('CancelFlight'),
      ...task('CancelTrainTicket'),
      'StepEntered OrderFailed',
      'StepStarted OrderFailed',
      'StepFailed OrderFailed',
      'ExecutionFailed',
    ]);
    const scheduled = eventsOf(run.flowEvents, 'TaskScheduled', 'ReserveHotel').map((event) => Date.parse(event.time));
    expect(scheduled.slice(1).map((time, index) => time - (scheduled[index] ?? 0))).toEqual([1000, 2000, 4000]);
    const hotelLocal = {
      buy_train_ticket: 'success',
      buy_train_ticket_txnID: 'txn-1',
      reserve_flight: 'success',
      reserve_flight_txnID: 'txn-2',
    };
    expect(eventsOf(run.flowEvents, 'StepExited', 'ReserveHotel')[0]?.eventDetail).toEqual({
      input: { operation: 'reserve_hotel', reserve_hotel: 'fail' },
      output: {},
      local: hotelLocal,
      resourceArn: RESOURCE,
      error: 'FC.Unknown',
      cause: '{"errorMessage":"Process exited unexpectedly before completing request"}',
      retryCount: 3,
      goto: 'CancelFlight',
    });
    expect(eventsOf(run.flowEvents, 'TaskScheduled', 'CancelFlight')[0]?.eventDetail.input).toEqual({
      operation: 'cancel_flight',
      reserve_flight_txnID: 'txn-2',
    });
    expect(eventsOf(run.flowEvents, 'TaskScheduled', 'CancelTrainTicket')[0]?.eventDetail.input).toEqual({
      operation: 'cancel_train_ticket',
      reserve_flight_txnID: 'txn-2',
    });
    expect(run.record.error).toBeNull();
  });
});
