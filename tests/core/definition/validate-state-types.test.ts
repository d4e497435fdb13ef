import { describe, it } from 'vitest';
import { expectProblem, expectValid, single, task, type InvalidCase } from './fixtures.js';

const wait = (fields: Record<string, unknown>) => single({ Type: 'Wait', End: true, ...fields });
const fail = (fields: Record<string, unknown>) => single({ Type: 'Fail', ...fields });

const taskCases: InvalidCase[] = [
  {
    name: 'Resource missing',
    definition: single(task({ Resource: undefined })),
    path: '$.States.Only',
    message: "required field 'Resource'",
  },
  {
    name: 'Resource not a string',
    definition: single(task({ Resource: { Ref: 'Fn' } })),
    path: '$.States.Only.Resource',
    message: 'Resource must be a string',
  },
  {
    name: 'Resource not a URI',
    definition: single(task({ Resource: 'my function' })),
    path: '$.States.Only.Resource',
    message: 'must be a URI',
  },
  {
    name: 'broken placeholder',
    definition: single(task({ Resource: '${FnArn' })),
    path: '$.States.Only.Resource',
    message: 'must be a URI',
  },
  {
    name: 'Lambda ARN with an invalid alias',
    definition: single(task({ Resource: 'arn:aws:lambda:us-east-1:1:function:pay:#1' })),
    path: '$.States.Only.Resource',
    message: "invalid version or alias '#1'",
  },
  {
    name: 'TimeoutSeconds zero',
    definition: single(task({ TimeoutSeconds: 0 })),
    path: '$.States.Only.TimeoutSeconds',
    message: 'positive integer',
  },
  {
    name: 'HeartbeatSeconds not a number',
    definition: single(task({ HeartbeatSeconds: '5' })),
    path: '$.States.Only.HeartbeatSeconds',
    message: 'positive integer',
  },
  {
    name: 'HeartbeatSeconds not below TimeoutSeconds',
    definition: single(task({ TimeoutSeconds: 10, HeartbeatSeconds: 10 })),
    path: '$.States.Only.HeartbeatSeconds',
    message: 'smaller than TimeoutSeconds',
  },
  {
    name: 'TimeoutSeconds and TimeoutSecondsPath',
    definition: single(task({ TimeoutSeconds: 10, TimeoutSecondsPath: '$.t' })),
    path: '$.States.Only',
    message: 'only one of TimeoutSeconds, TimeoutSecondsPath',
  },
  {
    name: 'HeartbeatSeconds and HeartbeatSecondsPath',
    definition: single(task({ HeartbeatSeconds: 10, HeartbeatSecondsPath: '$.h' })),
    path: '$.States.Only',
    message: 'only one of HeartbeatSeconds, HeartbeatSecondsPath',
  },
  {
    name: 'TimeoutSecondsPath not a reference path',
    definition: single(task({ TimeoutSecondsPath: '$.t[*]' })),
    path: '$.States.Only.TimeoutSecondsPath',
    message: 'must be a reference path',
  },
  {
    name: 'Credentials not an object',
    definition: single(task({ Credentials: 'arn' })),
    path: '$.States.Only.Credentials',
    message: 'Credentials must be an object',
  },
];

const waitAndFailCases: InvalidCase[] = [
  {
    name: 'Wait without a duration',
    definition: wait({}),
    path: '$.States.Only',
    message: 'exactly one of Seconds, SecondsPath, Timestamp, TimestampPath',
  },
  {
    name: 'Wait with two durations',
    definition: wait({ Seconds: 1, TimestampPath: '$.t' }),
    path: '$.States.Only',
    message: '(found Seconds, TimestampPath)',
  },
  {
    name: 'Seconds negative',
    definition: wait({ Seconds: -1 }),
    path: '$.States.Only.Seconds',
    message: 'non-negative integer',
  },
  {
    name: 'Seconds fractional',
    definition: wait({ Seconds: 1.5 }),
    path: '$.States.Only.Seconds',
    message: 'non-negative integer',
  },
  {
    name: 'Timestamp lowercase t',
    definition: wait({ Timestamp: '2024-01-01t00:00:00Z' }),
    path: '$.States.Only.Timestamp',
    message: 'RFC3339',
  },
  {
    name: 'Timestamp impossible date',
    definition: wait({ Timestamp: '2023-02-29T00:00:00Z' }),
    path: '$.States.Only.Timestamp',
    message: 'RFC3339',
  },
  {
    name: 'SecondsPath not a path',
    definition: wait({ SecondsPath: 'seconds' }),
    path: '$.States.Only.SecondsPath',
    message: 'is not a path',
  },
  {
    name: 'Fail Error and ErrorPath',
    definition: fail({ Error: 'E', ErrorPath: '$.e' }),
    path: '$.States.Only',
    message: 'only one of Error, ErrorPath',
  },
  {
    name: 'Fail Cause and CausePath',
    definition: fail({ Cause: 'C', CausePath: '$.c' }),
    path: '$.States.Only',
    message: 'only one of Cause, CausePath',
  },
  {
    name: 'Fail Error not a string',
    definition: fail({ Error: 42 }),
    path: '$.States.Only.Error',
    message: 'Error must be a string',
  },
  {
    name: 'Fail ErrorPath not a reference path',
    definition: fail({ ErrorPath: '$.errors[*]' }),
    path: '$.States.Only.ErrorPath',
    message: 'reference path',
  },
  {
    name: 'Fail CausePath unknown function',
    definition: fail({ CausePath: 'States.Nope($.a)' }),
    path: '$.States.Only.CausePath',
    message: "unknown intrinsic function 'States.Nope'",
  },
];

describe('validateDefinition: Task', () => {
  it.each(taskCases)('$name', expectProblem);

  it('accepts URIs, placeholders, Lambda aliases and timeouts', () => {
    expectValid(single(task({ Resource: 'foo:bar' })));
    expectValid(single(task({ Resource: 'ReserveHotel' })));
    expectValid(single(task({ Resource: 'bookings/ReserveHotel' })));
    expectValid(single(task({ Resource: '${PayFunctionArn}' })));
    expectValid(single(task({ Resource: 'arn:aws:lambda:us-east-1:1:function:pay:$LATEST' })));
    expectValid(single(task({ TimeoutSeconds: 30, HeartbeatSeconds: 10, Credentials: { 'RoleArn.$': '$.role' } })));
  });
});

describe('validateDefinition: Wait and Fail', () => {
  it.each(waitAndFailCases)('$name', expectProblem);

  it('accepts every Wait form and Fail paths or intrinsics', () => {
    expectValid(wait({ Seconds: 0 }));
    expectValid(wait({ Timestamp: '2024-03-01T12:30:00.250+02:00' }));
    expectValid(fail({ ErrorPath: '$.error', CausePath: "States.Format('failed: {}', $.cause)" }));
  });
});
