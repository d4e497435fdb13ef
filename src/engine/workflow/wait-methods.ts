import type { Json } from '../../core/json.js';
import { isJsonObject } from '../../core/json.js';
import { claimName, runRecorded } from './recorded-operation.js';
import { never } from './operation-tracker.js';
import { nextCount, type RunScope } from './run-scope.js';
import { encoded, eventDraft } from './workflow-events.js';
import { recordKey, undeliveredSignal } from './workflow-snapshot.js';
import type { SignalWaitOptions } from './workflow-types.js';

/** `wf.sleep`: the wake-up time is recorded once; until it has come, the workflow is parked. */
export async function durableSleep(scope: RunScope, ms: number, name?: string): Promise<void> {
  if (!(ms >= 0)) throw new RangeError(`wf.sleep needs a number of milliseconds >= 0, got ${ms}`);
  const label = name ?? `sleep-${nextCount(scope, 'sleep')}`;
  claimName(scope, label);
  const { wakeAt } = await runRecorded<{ wakeAt: number }>(
    scope,
    recordKey(label, 'sleep'),
    `sleep '${label}'`,
    () => Promise.resolve({ wakeAt: scope.now() + ms }),
    (outcome) =>
      eventDraft('WorkflowStepRecorded', {
        name: label,
        kind: 'sleep',
        output: encoded(outcome.ok ? outcome.output : null),
      }),
  );
  if (scope.now() >= wakeAt) return;
  if (!scope.decided && !scope.tracker.closed) scope.tracker.addWait({ dueAt: wakeAt });
  return never();
}

type Delivery = { seq: number; payload: Json } | { timedOut: true };

/**
 * `wf.waitForSignal`: the k-th wait for `name` in a run gets the first signal `name` not handed to an
 * earlier wait; what it got (or that it timed out) is recorded, so replays see the same.
 */
export async function waitForSignal<T extends Json>(
  scope: RunScope,
  name: string,
  options: SignalWaitOptions = {},
): Promise<T | undefined> {
  const label = `signal:${name}#${nextCount(scope, `signal:${name}`)}`;
  claimName(scope, label);
  const resultKey = recordKey(label, 'signal');
  const recorded = scope.writer.snapshot.records[resultKey];
  if (recorded) return payloadOf<T>(recorded.ok ? recorded.output : undefined);
  if (scope.decided || scope.tracker.closed) return never();
  const deadline =
    options.timeoutMs === undefined
      ? undefined
      : (
          await runRecorded<{ deadline: number }>(
            scope,
            recordKey(label, 'deadline'),
            `signal wait '${name}'`,
            () => Promise.resolve({ deadline: scope.now() + (options.timeoutMs ?? 0) }),
            (outcome) =>
              eventDraft('WorkflowStepRecorded', {
                name: label,
                kind: 'signal-deadline',
                output: encoded(outcome.ok ? outcome.output : null),
              }),
          )
        ).deadline;
  const snapshot = scope.writer.snapshot;
  const deliverable = undeliveredSignal(snapshot, name) !== undefined;
  const expired = deadline !== undefined && scope.now() >= deadline;
  if (deliverable || expired) {
    await scope.tracker.track(() =>
      scope.writer.change((fresh, now) => {
        if (fresh.records[resultKey]) return undefined;
        const signal = undeliveredSignal(fresh, name);
        if (signal) {
          fresh.records[resultKey] = { ok: true, output: { seq: signal.seq, payload: signal.payload } };
          return {
            events: [eventDraft('SignalDelivered', { name, seq: signal.seq, payload: encoded(signal.payload) })],
          };
        }
        if (deadline === undefined || now < deadline) return undefined;
        fresh.records[resultKey] = { ok: true, output: { timedOut: true } };
        return { events: [eventDraft('SignalWaitTimedOut', { name, deadline })] };
      }),
    );
    const outcome = scope.writer.snapshot.records[resultKey];
    if (outcome) {
      scope.progressed = true;
      return payloadOf<T>(outcome.ok ? outcome.output : undefined);
    }
  }
  if (!scope.tracker.closed)
    scope.tracker.addWait({ signal: name, ...(deadline === undefined ? {} : { dueAt: deadline }) });
  return never();
}

function payloadOf<T extends Json>(output: Json | undefined): T | undefined {
  if (!isJsonObject(output)) return undefined;
  const delivery = output as unknown as Delivery;
  return 'timedOut' in delivery ? undefined : (delivery.payload as T);
}
