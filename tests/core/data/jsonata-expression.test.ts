import { describe, expect, it } from 'vitest';
import {
  evaluateJsonata,
  evaluateJsonataTemplate,
  type JsonataScope,
} from '../../../src/core/data/jsonata-expression.js';
import { StatesError } from '../../../src/core/states-error.js';

const scope: JsonataScope = {
  states: {
    input: { order: { id: 'o1', items: [2, 3] } },
    context: { Execution: { Name: 'e1' } },
    result: { ok: true },
  },
  variables: { customer: 'Ada' },
  environment: { uuid: () => 'u-1', random: () => 0.25 },
  now: Date.UTC(2026, 0, 1),
};

async function failure(source: string): Promise<StatesError> {
  const error = await evaluateJsonata(source, scope, 'Output').catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(StatesError);
  return error as StatesError;
}

describe('JSONata expressions', () => {
  it.each([
    ['{% $states.input.order.id %}', 'o1'],
    ['{% $sum($states.input.order.items) %}', 5],
    ['{% $customer & "!" %}', 'Ada!'],
    ['{% $states.context.Execution.Name %}', 'e1'],
    ['{% $states.result.ok %}', true],
    ['{% $uuid() %}', 'u-1'],
    ['{% $now() %}', '2026-01-01T00:00:00.000Z'],
    ['{% $millis() %}', Date.UTC(2026, 0, 1)],
    ['{% $partition([1,2,3], 2) %}', [[1, 2], [3]]],
    ['{% $range(0, 4, 2) %}', [0, 2, 4]],
    ['{% $parse(\'{"a":1}\') %}', { a: 1 }],
    ['{% $hash("abc", "SHA-256") %}', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  ])('%s evaluates to %j', async (source, expected) => {
    expect(await evaluateJsonata(source, scope, 'Output')).toEqual(expected);
  });

  it('evaluates every expression inside a template and drops keys whose expression yields nothing', async () => {
    const template = {
      id: '{% $states.input.order.id %}',
      fixed: 1,
      nested: ['{% 1 + 1 %}'],
      gone: '{% $states.input.nope %}',
    };
    expect(await evaluateJsonataTemplate(template, scope, 'Arguments')).toEqual({ id: 'o1', fixed: 1, nested: [2] });
  });

  it('reports a syntax error as States.QueryEvaluationError', async () => {
    const error = await failure('{% $states.input.( %}');
    expect(error.error).toBe('States.QueryEvaluationError');
  });

  it('reports a runtime error with the field and the expression', async () => {
    const error = await failure('{% $number("abc") + $undefinedFunction() %}');
    expect(error.error).toBe('States.QueryEvaluationError');
    expect(error.cause).toContain("field 'Output'");
  });

  it('stops an endless recursion instead of hanging', async () => {
    const error = await failure('{% ($f := function($n) { $f($n + 1) }; $f(0)) %}');
    expect(error.error).toBe('States.QueryEvaluationError');
    expect(error.cause).toMatch(/nested deeper|evaluation steps|Stack overflow|stack/i);
  });

  it('stops a long loop by its step budget', async () => {
    const error = await failure(
      '{% $count($map([1..100000], function($v) { $map([1..20], function($w) { $w * $v }) })) %}',
    );
    expect(error.cause).toMatch(/evaluation steps/);
  });
});
