import { afterEach, describe, expect, it } from 'vitest';
import type { Json } from '../../../src/core/json.js';
import { createHttpInvokeIntegration, type HttpInvokeOptions } from '../../../src/engine/integrations/http-invoke.js';
import { integrationHandler } from '../../../src/engine/integrations/index.js';
import { IntegrationError } from '../../../src/engine/integrations/integration.js';
import { invokeTask } from '../../../src/engine/task-invoker.js';
import {
  answer,
  deadOrigin,
  rejection,
  startTestServer,
  taskContext,
  type Respond,
  type TestServer,
} from './http-test-server.js';

const RESOURCE = 'arn:aws:states:::http:invoke';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(respond: Respond): Promise<TestServer> {
  server = await startTestServer(respond);
  return server;
}

/** Echoes what arrived as JSON. */
const echo: Respond = (request) =>
  answer(request.response, 200, {
    method: request.method,
    path: request.url.pathname,
    query: [...request.url.searchParams],
    body: request.body,
    contentType: request.headers['content-type'] ?? null,
  });

function call(parameters: Json, options: HttpInvokeOptions = {}, ctx = taskContext()): Promise<Json> {
  return createHttpInvokeIntegration(options).invoke(parameters, ctx, RESOURCE);
}

describe('http:invoke resource', () => {
  it('matches the HTTP Task ARN in any partition and nothing else', () => {
    const integration = createHttpInvokeIntegration();
    expect(integration.matches('arn:aws:states:::http:invoke')).toBe(true);
    expect(integration.matches('arn:aws-us-gov:states:::http:invoke')).toBe(true);
    expect(integration.matches('arn:aws:states:::lambda:invoke')).toBe(false);
    expect(integration.matches('arn:aws:states:::http:invoke.waitForTaskToken')).toBe(false);
    expect(integration.matches('http://127.0.0.1/x')).toBe(false);
  });

  it('refuses bad options when it is created', () => {
    expect(() => createHttpInvokeIntegration({ timeoutMs: 0 })).toThrow(RangeError);
    expect(() => createHttpInvokeIntegration({ timeoutMs: Number.NaN })).toThrow(RangeError);
  });
});

describe('http:invoke request', () => {
  it('sends the method, headers and query parameters, and returns AWS-shaped results', async () => {
    const { origin } = await serve((request) =>
      answer(
        request.response,
        200,
        {
          headers: { trace: request.headers['x-trace'], accept: request.headers.accept },
          query: [...request.url.searchParams],
        },
        { 'X-Served-By': 'test' },
      ),
    );
    const result = (await call({
      ApiEndpoint: `${origin}/v1/customers?fixed=1`,
      Method: 'GET',
      Headers: { 'X-Trace': 'abc', Accept: 'application/json', 'X-Number': 7 },
      QueryParameters: { limit: 10, active: true, name: 'a b&c', tag: ['x', 'y'] },
      Authentication: { ConnectionArn: 'arn:aws:events:us-east-1:123456789012:connection/stripe/1' },
    })) as Record<string, Json>;
    expect(result.StatusCode).toBe(200);
    expect(result.StatusText).toBe('OK');
    expect(result.ResponseBody).toEqual({
      headers: { trace: 'abc', accept: 'application/json' },
      query: [
        ['fixed', '1'],
        ['limit', '10'],
        ['active', 'true'],
        ['name', 'a b&c'],
        ['tag', 'x'],
        ['tag', 'y'],
      ],
    });
    const headers = result.Headers as Record<string, Json>;
    expect(headers['x-served-by']).toBe('test');
    expect(headers['content-type']).toBe('application/json');
    expect(Object.keys(headers).every((name) => name === name.toLowerCase())).toBe(true);
    expect(server!.received[0]!.headers['x-number']).toBe('7');
  });

  it.each(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])('sends %s', async (method) => {
    const { origin } = await serve(echo);
    const result = (await call({ ApiEndpoint: `${origin}/m`, Method: method })) as { ResponseBody: { method: string } };
    expect(result.ResponseBody.method).toBe(method);
  });

  it('sends HEAD and returns an empty body', async () => {
    const { origin } = await serve((request) => answer(request.response, 200, { ignored: true }));
    const result = (await call({ ApiEndpoint: `${origin}/h`, Method: 'HEAD' })) as Record<string, Json>;
    expect(server!.received[0]!.method).toBe('HEAD');
    expect(result.ResponseBody).toBe('');
    expect(result.StatusCode).toBe(200);
  });

  it('JSON-encodes an object RequestBody and sets a JSON content type', async () => {
    const { origin } = await serve(echo);
    const result = (await call({
      ApiEndpoint: `${origin}/orders`,
      Method: 'POST',
      RequestBody: { item: 'book', qty: 2, tags: ['a'], gift: null },
    })) as { ResponseBody: { body: string; contentType: string } };
    expect(JSON.parse(result.ResponseBody.body)).toEqual({ item: 'book', qty: 2, tags: ['a'], gift: null });
    expect(result.ResponseBody.contentType).toBe('application/json; charset=utf-8');
  });

  it('keeps a content type the definition sets and sends a string body as it is', async () => {
    const { origin } = await serve(echo);
    const result = (await call({
      ApiEndpoint: `${origin}/xml`,
      Method: 'PUT',
      Headers: { 'Content-Type': 'application/xml' },
      RequestBody: '<order id="1"/>',
    })) as { ResponseBody: { body: string; contentType: string } };
    expect(result.ResponseBody).toMatchObject({ body: '<order id="1"/>', contentType: 'application/xml' });
  });

  const formBody = { array: ['a', 'b', 'c'], name: 'J Doe', n: 1, ok: false, nested: { k: 'v&w' }, none: null };
  it.each([
    ['INDICES', 'array[0]=a&array[1]=b&array[2]=c&name=J+Doe&n=1&ok=false&nested[k]=v%26w&none='],
    ['REPEAT', 'array=a&array=b&array=c&name=J+Doe&n=1&ok=false&nested[k]=v%26w&none='],
    ['COMMAS', 'array=a,b,c&name=J+Doe&n=1&ok=false&nested[k]=v%26w&none='],
    ['BRACKETS', 'array[]=a&array[]=b&array[]=c&name=J+Doe&n=1&ok=false&nested[k]=v%26w&none='],
  ])('URL-encodes the body with ArrayFormat %s', async (format, expected) => {
    const { origin } = await serve(echo);
    const result = (await call({
      ApiEndpoint: `${origin}/form`,
      Method: 'POST',
      RequestBody: formBody,
      Transform: { RequestBodyEncoding: 'URL_ENCODED', RequestEncodingOptions: { ArrayFormat: format } },
    })) as { ResponseBody: { body: string; contentType: string } };
    expect(result.ResponseBody.body).toBe(expected);
    expect(result.ResponseBody.contentType).toBe('application/x-www-form-urlencoded');
  });

  it('URL-encodes arrays with INDICES when no ArrayFormat is given', async () => {
    const { origin } = await serve(echo);
    const result = (await call({
      ApiEndpoint: `${origin}/form`,
      Method: 'POST',
      RequestBody: { ids: [1, 2] },
      Transform: { RequestBodyEncoding: 'URL_ENCODED' },
    })) as { ResponseBody: { body: string } };
    expect(result.ResponseBody.body).toBe('ids[0]=1&ids[1]=2');
  });

  it('sends the body as JSON when RequestBodyEncoding is NONE', async () => {
    const { origin } = await serve(echo);
    const result = (await call({
      ApiEndpoint: `${origin}/form`,
      Method: 'POST',
      RequestBody: { ids: [1, 2] },
      Transform: { RequestBodyEncoding: 'NONE' },
    })) as { ResponseBody: { body: string } };
    expect(result.ResponseBody.body).toBe('{"ids":[1,2]}');
  });
});

describe('http:invoke response', () => {
  it.each([
    ['application/json', '{"a":[1,2]}', { a: [1, 2] }],
    ['application/problem+json; charset=utf-8', '{"title":"x"}', { title: 'x' }],
    ['text/plain', 'hello', 'hello'],
    ['text/html', '{"looks":"like json"}', '{"looks":"like json"}'],
    ['application/json', 'not json', 'not json'],
    ['application/json', '', ''],
  ])('reads a %s body %j', async (type, text, expected) => {
    const { origin } = await serve((request) => {
      request.response.writeHead(200, { 'content-type': type });
      request.response.end(text);
    });
    const result = (await call({ ApiEndpoint: `${origin}/r`, Method: 'GET' })) as Record<string, Json>;
    expect(result.ResponseBody).toEqual(expected);
  });

  it('accepts any 2xx, with its status text', async () => {
    const { origin } = await serve((request) => answer(request.response, 201, { id: 9 }));
    const result = (await call({ ApiEndpoint: `${origin}/r`, Method: 'POST', RequestBody: {} })) as Record<
      string,
      Json
    >;
    expect(result).toMatchObject({ StatusCode: 201, StatusText: 'Created', ResponseBody: { id: 9 } });
  });

  it('gives header values as strings by default and as lists when asked', async () => {
    const respond: Respond = (request) =>
      answer(request.response, 200, 'ok', { 'Set-Cookie': ['a=1', 'b=2'], 'X-One': 'v' });
    const { origin } = await serve(respond);
    const plain = (await call({ ApiEndpoint: `${origin}/c`, Method: 'GET' })) as { Headers: Record<string, Json> };
    expect(plain.Headers['set-cookie']).toBe('a=1, b=2');
    expect(plain.Headers['x-one']).toBe('v');
    const listed = (await call({ ApiEndpoint: `${origin}/c`, Method: 'GET' }, { headerValues: 'array' })) as {
      Headers: Record<string, Json>;
    };
    expect(listed.Headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(listed.Headers['x-one']).toEqual(['v']);
  });

  it.each([400, 404, 409, 500, 503])(
    'fails a %i answer with States.Http.StatusCode.%i and the body in the cause',
    async (status) => {
      const { origin } = await serve((request) => answer(request.response, status, { message: 'no such customer' }));
      const error = await rejection(call({ ApiEndpoint: `${origin}/customers/42`, Method: 'GET' }));
      expect(error).toBeInstanceOf(IntegrationError);
      expect(error.name).toBe(`States.Http.StatusCode.${status}`);
      const cause = JSON.parse(error.message) as Record<string, Json>;
      expect(cause).toMatchObject({ StatusCode: status, ResponseBody: { message: 'no such customer' } });
      expect(typeof cause.StatusText).toBe('string');
    },
  );

  it('maps through invokeTask to an ASL error and cause', async () => {
    const { origin } = await serve((request) => answer(request.response, 404, 'gone'));
    const handlers = { Http: integrationHandler(createHttpInvokeIntegration(), RESOURCE) };
    const outcome = await invokeTask(
      'Http',
      { ApiEndpoint: `${origin}/x`, Method: 'GET' },
      handlers,
      taskContext(),
      () => 0,
    );
    expect(outcome).toMatchObject({ ok: false, error: 'States.Http.StatusCode.404' });
    expect(outcome.ok ? '' : outcome.cause).toContain('"ResponseBody":"gone"');
  });
});

describe('http:invoke timeouts and failures', () => {
  it('fails with States.Http.Socket when the per-request timeout passes; the request is aborted', async () => {
    const { origin } = await serve(() => undefined); // holds every request
    const error = await rejection(
      call({ ApiEndpoint: `${origin}/slow?token=secret`, Method: 'GET' }, { timeoutMs: 100 }),
    );
    expect(error.name).toBe('States.Http.Socket');
    expect(error.message).toBe(`HTTP request GET ${origin}/slow timed out after 100 ms`);
    await server!.received[0]!.clientGone;
  });

  it('abandons the request at once when ctx.signal aborts (task timeout or stop)', async () => {
    const { origin } = await serve(() => undefined);
    const controller = new AbortController();
    const pending = call(
      { ApiEndpoint: `${origin}/slow`, Method: 'GET' },
      {},
      taskContext({ signal: controller.signal }),
    );
    const held = await server!.arrival(1);
    controller.abort(new Error('task cancelled'));
    const error = await rejection(pending);
    expect(error.name).toBe('States.Timeout');
    expect(error.message).toBe(`HTTP request GET ${origin}/slow abandoned: task cancelled`);
    await held.clientGone;
  });

  it('sends nothing when ctx.signal is already aborted', async () => {
    const { origin } = await serve(echo);
    const controller = new AbortController();
    controller.abort(new Error('execution stopped'));
    const error = await rejection(
      call({ ApiEndpoint: `${origin}/x`, Method: 'GET' }, {}, taskContext({ signal: controller.signal })),
    );
    expect(error.name).toBe('States.Timeout');
    expect(server!.received).toHaveLength(0);
  });

  it('fails with States.Http.Socket when nothing listens', async () => {
    const origin = await deadOrigin();
    const error = await rejection(call({ ApiEndpoint: `${origin}/x`, Method: 'POST', RequestBody: {} }));
    expect(error.name).toBe('States.Http.Socket');
    expect(error.message).toContain(`HTTP request POST ${origin}/x failed: `);
    expect(error.message).toContain('ECONNREFUSED');
  });
});

describe('http:invoke parameters', () => {
  const neverFetch = (() => {
    throw new Error('fetch must not be called');
  }) as unknown as typeof fetch;

  it.each<[string, Json, string]>([
    ['not an object', 'https://example.test', 'Parameters must be an object'],
    ['no ApiEndpoint', { Method: 'GET' }, 'need an ApiEndpoint'],
    ['a relative ApiEndpoint', { ApiEndpoint: '/v1', Method: 'GET' }, 'is not a valid URL'],
    ['an ftp ApiEndpoint', { ApiEndpoint: 'ftp://example.test/f', Method: 'GET' }, 'must be an http or https URL'],
    ['no Method', { ApiEndpoint: 'https://example.test' }, 'need a Method'],
    ['an unknown Method', { ApiEndpoint: 'https://example.test', Method: 'TRACE' }, 'Method must be one of'],
    ['object headers', { ApiEndpoint: 'https://e.test', Method: 'GET', Headers: { A: { b: 1 } } }, 'Headers.A'],
    [
      'object query values',
      { ApiEndpoint: 'https://e.test', Method: 'GET', QueryParameters: { q: {} } },
      'QueryParameters.q',
    ],
    [
      'a GET body',
      { ApiEndpoint: 'https://e.test', Method: 'GET', RequestBody: { a: 1 } },
      'cannot carry a RequestBody',
    ],
    [
      'an unknown encoding',
      { ApiEndpoint: 'https://e.test', Method: 'POST', Transform: { RequestBodyEncoding: 'GZIP' } },
      'RequestBodyEncoding must be NONE or URL_ENCODED',
    ],
    [
      'an unknown ArrayFormat',
      {
        ApiEndpoint: 'https://e.test',
        Method: 'POST',
        Transform: { RequestBodyEncoding: 'URL_ENCODED', RequestEncodingOptions: { ArrayFormat: 'JSON' } },
      },
      'ArrayFormat must be one of INDICES, REPEAT, COMMAS, BRACKETS',
    ],
    [
      'a URL-encoded list body',
      {
        ApiEndpoint: 'https://e.test',
        Method: 'POST',
        RequestBody: [1],
        Transform: { RequestBodyEncoding: 'URL_ENCODED' },
      },
      'RequestBody must be an object',
    ],
  ])('fails %s with States.Runtime before sending anything', async (_, parameters, message) => {
    const error = await rejection(call(parameters, { fetch: neverFetch }));
    expect(error.name).toBe('States.Runtime');
    expect(error.message).toContain(message);
  });

  it('checks literal Parameters before an execution starts and lets computed ones pass', () => {
    const { checkParameters } = createHttpInvokeIntegration();
    expect(checkParameters!(undefined)).toBeUndefined();
    expect(
      checkParameters!({ ApiEndpoint: 'https://api.test/v1', Method: 'POST', RequestBody: { a: 1 } }),
    ).toBeUndefined();
    expect(checkParameters!({ 'ApiEndpoint.$': '$.url', 'Method.$': '$.method', 'Headers.$': '$.h' })).toBeUndefined();
    expect(
      checkParameters!({ ApiEndpoint: 'https://api.test', Method: 'GET', Headers: { 'X-A.$': '$.a' } }),
    ).toBeUndefined();
    expect(checkParameters!({ Method: 'GET' })).toBe('Parameters need an ApiEndpoint');
    expect(checkParameters!({ ApiEndpoint: 'https://api.test', Method: 'get' })).toContain('Method must be one of');
    expect(
      checkParameters!({ 'ApiEndpoint.$': '$.u', Method: 'POST', Transform: { RequestBodyEncoding: 'X' } }),
    ).toContain('RequestBodyEncoding');
  });
});
