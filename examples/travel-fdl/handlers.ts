/**
 * The `Operation` function of the booking flow (service fnf-demo), as the Serverless Workflow article has it:
 *   npx unwind run examples/travel-fdl/travel.flow.yaml --handlers examples/travel-fdl/handlers.ts \
 *     --input-file examples/travel-fdl/input.json
 * It reads `operation` (e.g. reserve_hotel) and the field of the same name: `false` or "fail" makes the
 * function crash (the flow sees FC.Unknown, as when the Python function calls exit()); anything else
 * succeeds with `{ <operation>: "success", <operation>_txnID: <a new id> }`.
 */
import { randomUUID } from 'node:crypto';

export interface OperationEvent {
  operation?: string;
  [field: string]: unknown;
}

/** What the function returns: `{ reserve_hotel: 'success', reserve_hotel_txnID: '...' }`. */
export type OperationResult = Record<string, string>;

export function createOperation(newId: () => string = randomUUID) {
  return (event: OperationEvent): OperationResult => {
    const operation = typeof event.operation === 'string' ? event.operation : 'operation';
    const result = event[operation];
    if (result === false || result === 'fail') {
      throw new Error('Process exited unexpectedly before completing request');
    }
    return { [operation]: 'success', [`${operation}_txnID`]: newId() };
  };
}

export const handlers = { Operation: createOperation() };
