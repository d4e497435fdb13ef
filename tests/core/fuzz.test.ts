import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '../../src/core/definition/asl-types.js';
import { parseDefinition } from '../../src/core/definition/parse-definition.js';
import { validateDefinition } from '../../src/core/definition/validate-definition.js';
import type { Json } from '../../src/core/json.js';
import { InterpreterDriver } from './interpreter/interpreter-driver.js';

/**
 * Random definitions and inputs must only ever produce clean results: the validator returns
 * problems (never throws), and the interpreter ends or waits with ASL errors as data (never
 * throws, never loops forever).
 */

const name = fc.constantFrom('A', 'B', 'C', 'D');
const path = fc.constantFrom('$', '$.a', '$.a.b', '$.items[0]', '$.missing', '$$.State.Name', '$..a', '$.items[*]');
const value = fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>;

/** A, B and C each lead on to the next letter (Choice rules may jump anywhere, loops included); D ends. */
function passState(next: string) {
  return fc.record(
    {
      Type: fc.constant('Pass'),
      Result: value,
      ResultPath: fc.option(path, { nil: undefined }),
      InputPath: fc.option(path, { nil: undefined }),
      OutputPath: fc.option(path, { nil: undefined }),
      Parameters: fc.option(fc.record({ 'x.$': path, fixed: value }), { nil: undefined }),
      Assign: fc.option(fc.record({ v: value }), { nil: undefined }),
      Next: fc.constant(next),
    },
    { requiredKeys: ['Type', 'Next'] },
  );
}
function choiceState(next: string) {
  return fc.record({
    Type: fc.constant('Choice'),
    Choices: fc.array(
      fc.oneof(
        fc.record({ Variable: path, NumericGreaterThan: fc.integer(), Next: name }),
        fc.record({ Variable: path, StringMatches: fc.string({ maxLength: 4 }), Next: name }),
        fc.record({ Variable: path, IsPresent: fc.boolean(), Next: name }),
      ),
      { minLength: 1, maxLength: 3 },
    ),
    Default: fc.constant(next),
  });
}
const terminalState = fc.oneof(
  fc.record({ Type: fc.constant('Succeed'), OutputPath: fc.option(path, { nil: undefined }) }),
  fc.record({
    Type: fc.constant('Fail'),
    Error: fc.string({ maxLength: 6 }),
    CausePath: fc.option(path, { nil: undefined }),
  }),
  fc.record({
    Type: fc.constant('Pass'),
    Parameters: fc.record({
      'y.$': fc.constantFrom("States.Format('{}', $.a)", 'States.ArrayLength($.items)', 'States.UUID()'),
    }),
    End: fc.constant(true),
  }),
);
const linked = (next: string) =>
  fc.oneof({ weight: 3, arbitrary: passState(next) }, { weight: 2, arbitrary: choiceState(next) });
const definition = fc.record({
  StartAt: fc.constant('A'),
  States: fc.record({ A: linked('B'), B: linked('C'), C: linked('D'), D: terminalState }),
}) as unknown as fc.Arbitrary<StateMachineDefinition>;
const input = fc.oneof(value, fc.record({ a: value, items: fc.array(value, { maxLength: 3 }) })) as fc.Arbitrary<Json>;

describe('fuzz', () => {
  it('the validator returns problems for any JSON, never throws', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (anything) => {
        expect(Array.isArray(validateDefinition(anything))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('the parser reports any text as problems with a location, never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const result = parseDefinition(text);
        expect(result.definition !== undefined || result.problems.length > 0).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('the interpreter ends (or fails cleanly) for random machines and inputs', async () => {
    let valid = 0;
    await fc.assert(
      fc.asyncProperty(definition, input, async (machine, data) => {
        if (validateDefinition(machine).length > 0) return;
        valid += 1;
        const run = await new InterpreterDriver(machine).start(data);
        expect(['SUCCEEDED', 'FAILED']).toContain(run.status);
        if (run.status === 'FAILED') expect(typeof (run.snapshot?.error ?? '')).toBe('string');
        expect(run.events.length).toBeLessThanOrEqual(25_000);
        expect(run.events.map((event) => event.id)).toEqual(run.events.map((_, i) => i + 1));
      }),
      { numRuns: 300 },
    );
    // The property must actually exercise the interpreter, not only the validator.
    expect(valid).toBeGreaterThanOrEqual(30);
  });
});
