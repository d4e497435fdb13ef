import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { findPlaceholders } from '../../src/core/definition/substitute-placeholders.js';
import type { Json } from '../../src/core/json.js';
import { loadDefinition, UnwindError, type TaskHandlers } from '../../src/index.js';
import { createEngineFixture, enteredStates, type EngineFixture } from '../helpers/engine-fixture.js';

/**
 * The callback and human-approval samples of aws-samples/step-functions-workflows-collection
 * (`ls | grep -i -E 'callback|approval'`), read UNCHANGED from ../shared/conformance and run with
 * local handlers: the handler of each `.waitForTaskToken` task captures the token, the test answers
 * it with sendTaskSuccess / sendTaskFailure (or lets it time out on the manual clock).
 *
 * All five use only supported resources (sqs:sendMessage, sns:publish, lambda:invoke, aws-sdk:*,
 * with .waitForTaskToken); none needs .sync, states:startExecution, activities or distributed Map,
 * so none is skipped. Expected paths were written out by hand from each definition.
 */
const COLLECTION = fileURLToPath(
  new URL('../../../shared/conformance/aws-samples/workflows-collection/', import.meta.url),
);
const available = existsSync(COLLECTION);
if (!available && process.env.CI === 'true') {
  throw new Error(`CI must run the callback samples, but ${COLLECTION} is absent`);
}
if (!available) console.warn(`callback-pattern conformance tests skipped: ${COLLECTION} is absent`);

const read = (file: string): string => readFileSync(join(COLLECTION, file), 'utf8');
const placeholderNames = (text: string): string[] =>
  [...new Set(findPlaceholders(JSON.parse(text) as Json).map((use) => use.name))].sort();

const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/callbacks';
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:notifications';

let fixture: EngineFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

/** Drains until `count` tokens were captured (the handlers run on the engine's work loop). */
async function tokensOf(tokens: string[], count: number): Promise<string[]> {
  for (let round = 0; round < 50 && tokens.length < count; round++) await fixture!.engine.drain();
  expect(tokens).toHaveLength(count);
  return [...tokens];
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UnwindError);
  return (error as UnwindError).code;
}

describe.skipIf(!available)('callback / approval samples (aws-samples/step-functions-workflows-collection)', () => {
  describe('wait-for-callback__statemachine__statemachine.asl.json', () => {
    const text = (): string => read('wait-for-callback__statemachine__statemachine.asl.json');
    const substitutions = { SQSQueue: QUEUE, topicArn: TOPIC };

    function setup(): { handlers: TaskHandlers; tokens: string[]; published: string[] } {
      const tokens: string[] = [];
      const published: string[] = [];
      const handlers: TaskHandlers = {
        'sqs:sendMessage': (input: { QueueUrl: string; MessageBody: { TaskToken: string } }) => {
          expect(input.QueueUrl).toBe(QUEUE);
          tokens.push(input.MessageBody.TaskToken);
          return { MessageId: 'q-1' };
        },
        'sns:publish': (input: { TopicArn: string; Message: string }) => {
          expect(input.TopicArn).toBe(TOPIC);
          published.push(input.Message);
          return { MessageId: 'n-1' };
        },
      };
      return { handlers, tokens, published };
    }

    it('has the expected placeholders', () => {
      expect(placeholderNames(text())).toEqual(['SQSQueue', 'topicArn']);
    });

    it('sendTaskSuccess: Notify Success, SUCCEEDED', async () => {
      const { handlers, tokens, published } = setup();
      const { definition } = loadDefinition(text(), handlers, { substitutions });
      fixture = await createEngineFixture(handlers);
      const arn = await fixture.start(definition, { job: 1 });
      const [token] = await tokensOf(tokens, 1);
      expect((await fixture.store.getExecution(arn))!.status).toBe('RUNNING');
      await fixture.engine.sendTaskSuccess(token!, { done: true });
      const { record, events } = await fixture.finish(arn);
      expect(enteredStates(events)).toEqual(['Start Task And Wait For Callback', 'Notify Success']);
      expect(record.status).toBe('SUCCEEDED');
      expect(published).toEqual(['Callback received. Task started by Step Functions succeeded.']);
    });

    it('sendTaskFailure: caught by States.ALL, Notify Failure, SUCCEEDED', async () => {
      const { handlers, tokens, published } = setup();
      const { definition } = loadDefinition(text(), handlers, { substitutions });
      fixture = await createEngineFixture(handlers);
      const arn = await fixture.start(definition, { job: 2 });
      const [token] = await tokensOf(tokens, 1);
      await fixture.engine.sendTaskFailure(token!, 'WorkerCrashed', 'disk full');
      const { record, events } = await fixture.finish(arn);
      expect(enteredStates(events)).toEqual(['Start Task And Wait For Callback', 'Notify Failure']);
      expect(record.status).toBe('SUCCEEDED');
      expect(published).toEqual(['Task started by Step Functions failed.']);
      expect(await codeOf(fixture.engine.sendTaskSuccess(token!, {}))).toBe('TaskTimedOut');
    });
  });

  describe('calling-async-api-callback (AsyncAPICallbackPattern + ExternalAsyncAPISimulator)', () => {
    const PATTERN = 'calling-async-api-callback__statemachine__workflow_AsyncAPICallbackPattern.asl.json';
    const SIMULATOR = 'calling-async-api-callback__statemachine__workflow_ExternalAsyncAPISimulator.asl.json';
    const substitutions = {
      SQSSendMessageAction: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
      SQSQueueURL: QUEUE,
      SNSTopicPublishAction: 'arn:aws:states:::sns:publish',
      SNSTopicARN: TOPIC,
      LambdaActionAction: 'arn:aws:states:::lambda:invoke',
      CallbackSystemLambdaFunctionARN: 'arn:aws:lambda:us-east-1:123456789012:function:CallbackSystem',
    };
    const SUCCESS = 'SNS Publish - Send Success Notification';
    const ERROR = 'SNS Publish - Send Error Notification';
    const INVOKE = 'Invoke Async API & Wait For CallBack';

    interface Setup {
      handlers: TaskHandlers;
      messages: { taskToken: string; payload: Json }[];
      notified: number[];
    }

    function setup(onMessage?: (body: { taskToken: string; payload: Json }) => Promise<void>): Setup {
      const messages: Setup['messages'] = [];
      const notified: number[] = [];
      const handlers: TaskHandlers = {
        'sqs:sendMessage': async (input: { QueueUrl: string; MessageBody: Setup['messages'][number] }) => {
          expect(input.QueueUrl).toBe(QUEUE);
          messages.push(input.MessageBody);
          await onMessage?.(input.MessageBody);
          return { MessageId: 'q-1' };
        },
        'sns:publish': (input: { TopicArn: string; Message: { status: number } }) => {
          expect(input.TopicArn).toBe(TOPIC);
          notified.push(input.Message.status);
          return { MessageId: 'n-1' };
        },
        CallbackSystem: async (input: { taskToken: string; payload: { status: number } }) => {
          await fixture!.engine.sendTaskSuccess(input.taskToken, { status: input.payload.status });
          return { calledBack: true };
        },
      };
      return { handlers, messages, notified };
    }

    it('has the expected placeholders (the Resources themselves are placeholders)', () => {
      expect(placeholderNames(read(PATTERN))).toEqual([
        'SNSTopicARN',
        'SNSTopicPublishAction',
        'SQSQueueURL',
        'SQSSendMessageAction',
      ]);
      expect(placeholderNames(read(SIMULATOR))).toEqual(['CallbackSystemLambdaFunctionARN', 'LambdaActionAction']);
    });

    it('sendTaskSuccess with status 200: success notification, SUCCEEDED', async () => {
      const { handlers, messages, notified } = setup();
      const { definition } = loadDefinition(read(PATTERN), handlers, { substitutions });
      fixture = await createEngineFixture(handlers);
      const input = { orderId: 'o-1' };
      const arn = await fixture.start(definition, input);
      for (let round = 0; round < 50 && messages.length === 0; round++) await fixture.engine.drain();
      expect(messages).toHaveLength(1);
      expect(messages[0]!.payload).toEqual(input);
      await fixture.engine.sendTaskSuccess(messages[0]!.taskToken, { status: 200 });
      const { record, events } = await fixture.finish(arn);
      expect(enteredStates(events)).toEqual([INVOKE, 'Check Response Status', SUCCESS]);
      expect(record.status).toBe('SUCCEEDED');
      expect(notified).toEqual([200]);
    });

    it('sendTaskSuccess with another status: the Choice default, error notification', async () => {
      const { handlers, messages, notified } = setup();
      const { definition } = loadDefinition(read(PATTERN), handlers, { substitutions });
      fixture = await createEngineFixture(handlers);
      const arn = await fixture.start(definition, { orderId: 'o-2' });
      for (let round = 0; round < 50 && messages.length === 0; round++) await fixture.engine.drain();
      await fixture.engine.sendTaskSuccess(messages[0]!.taskToken, { status: 503 });
      const { record, events } = await fixture.finish(arn);
      expect(enteredStates(events)).toEqual([INVOKE, 'Check Response Status', ERROR]);
      expect(record.status).toBe('SUCCEEDED');
      expect(notified).toEqual([500]);
    });

    it('sendTaskFailure: States.TaskFailed in the Catch matches any error but States.Timeout', async () => {
      const { handlers, messages, notified } = setup();
      const { definition } = loadDefinition(read(PATTERN), handlers, { substitutions });
      fixture = await createEngineFixture(handlers);
      const arn = await fixture.start(definition, { orderId: 'o-3' });
      for (let round = 0; round < 50 && messages.length === 0; round++) await fixture.engine.drain();
      await fixture.engine.sendTaskFailure(messages[0]!.taskToken, 'ApiRejected', 'HTTP 400');
      const { record, events } = await fixture.finish(arn);
      expect(enteredStates(events)).toEqual([INVOKE, ERROR]);
      expect(record.status).toBe('SUCCEEDED');
      expect(notified).toEqual([500]);
    });

    it('no answer within TimeoutSeconds (300): States.Timeout is caught, error notification', async () => {
      const { handlers, messages, notified } = setup();
      const { definition } = loadDefinition(read(PATTERN), handlers, { substitutions });
      fixture = await createEngineFixture(handlers);
      const started = fixture.clock.now();
      const arn = await fixture.start(definition, { orderId: 'o-4' });
      const { record, events } = await fixture.finish(arn, 10_000);
      expect(fixture.clock.now() - started).toBeGreaterThanOrEqual(300_000);
      expect(enteredStates(events)).toEqual([INVOKE, ERROR]);
      expect(record.status).toBe('SUCCEEDED');
      expect(notified).toEqual([500]);
      expect(await codeOf(fixture.engine.sendTaskSuccess(messages[0]!.taskToken, { status: 200 }))).toBe(
        'TaskTimedOut',
      );
    });

    it('end to end: the simulator machine (Wait, then lambda:invoke) calls the pattern back', async () => {
      const simulatorArns: string[] = [];
      // Loaded without handlers first (the resource check needs the handlers that start it), checked below.
      const simulatorDefinition = loadDefinition(read(SIMULATOR), undefined, { substitutions }).definition;
      const { handlers, notified } = setup(async (body) => {
        // The queue consumer of the sample starts the simulator with the message body as input.
        simulatorArns.push(await fixture!.start(simulatorDefinition, body));
      });
      expect(() => loadDefinition(read(SIMULATOR), handlers, { substitutions })).not.toThrow();
      const { definition } = loadDefinition(read(PATTERN), handlers, { substitutions });
      fixture = await createEngineFixture(handlers);
      const arn = await fixture.start(definition, { status: 200, waitTime: 30 });
      const { record, events } = await fixture.finish(arn);
      expect(enteredStates(events)).toEqual([INVOKE, 'Check Response Status', SUCCESS]);
      expect(record.status).toBe('SUCCEEDED');
      expect(notified).toEqual([200]);

      expect(simulatorArns).toHaveLength(1);
      const simulated = await fixture.finish(simulatorArns[0]!);
      expect(enteredStates(simulated.events)).toEqual([
        'Wait -  Simulate External Processing Time',
        'Callback the System',
      ]);
      expect(simulated.record.status).toBe('SUCCEEDED');
      expect(simulated.output).toEqual({ calledBack: true });
    });
  });

  describe('parallel-human-approval__statemachine__StateMachine.asl.json', () => {
    const text = (): string => read('parallel-human-approval__statemachine__StateMachine.asl.json');
    const APPROVERS = ['SNS Publish to Approver 1', 'SNS Publish to Approver2', 'SNS Publish to Approver3'];

    function setup(): { handlers: TaskHandlers; tokens: Map<string, string> } {
      const tokens = new Map<string, string>();
      const handlers: TaskHandlers = {
        'sns:publish': (input: { TopicArn: string; Message: { token: string; message: Json } }) => {
          tokens.set(input.TopicArn.split(':').at(-1)!, input.Message.token);
          return { MessageId: `m-${tokens.size}` };
        },
      };
      return { handlers, tokens };
    }

    async function approvalTokens(tokens: Map<string, string>): Promise<Map<string, string>> {
      for (let round = 0; round < 50 && tokens.size < 3; round++) await fixture!.engine.drain();
      expect([...tokens.keys()].sort()).toEqual(['Approver1', 'Approver2', 'Approver3']);
      return tokens;
    }

    it('has no placeholders', () => {
      expect(placeholderNames(text())).toEqual([]);
    });

    it('all three approve (in any order): Success, with the answers in branch order', async () => {
      const { handlers, tokens } = setup();
      const { definition } = loadDefinition(text(), handlers);
      fixture = await createEngineFixture(handlers);
      const arn = await fixture.start(definition, { request: 'budget' });
      await approvalTokens(tokens);
      await fixture.engine.sendTaskSuccess(tokens.get('Approver3')!, { approver: 3 });
      await fixture.engine.sendTaskSuccess(tokens.get('Approver1')!, { approver: 1 });
      await fixture.engine.drain();
      expect((await fixture.store.getExecution(arn))!.status).toBe('RUNNING');
      await fixture.engine.sendTaskSuccess(tokens.get('Approver2')!, { approver: 2 });
      const { record, events, output } = await fixture.finish(arn);
      expect(enteredStates(events)).toEqual(['Parallel', ...APPROVERS, 'Success']);
      expect(record.status).toBe('SUCCEEDED');
      expect(output).toEqual([{ approver: 1 }, { approver: 2 }, { approver: 3 }]);
    });

    it('one approver rejects: the Parallel fails, its Catch goes to Fail, the other tokens are void', async () => {
      const { handlers, tokens } = setup();
      const { definition } = loadDefinition(text(), handlers);
      fixture = await createEngineFixture(handlers);
      const arn = await fixture.start(definition, { request: 'budget' });
      await approvalTokens(tokens);
      await fixture.engine.sendTaskSuccess(tokens.get('Approver1')!, { approver: 1 });
      await fixture.engine.sendTaskFailure(tokens.get('Approver2')!, 'Rejected', 'not in budget');
      const { record, events } = await fixture.finish(arn);
      expect(enteredStates(events)).toEqual(['Parallel', ...APPROVERS, 'Fail']);
      expect(record.status).toBe('FAILED');
      // The sample's Fail state names no Error nor Cause, so the execution fails without them.
      expect(record.error).toBeNull();
      expect(record.cause).toBeNull();
      expect(await codeOf(fixture.engine.sendTaskSuccess(tokens.get('Approver3')!, {}))).toBe('TaskTimedOut');
    });
  });

  describe('sfn-textract-callback-ts-cdk__statemachine__statemachine.asl.json', () => {
    const text = (): string => read('sfn-textract-callback-ts-cdk__statemachine__statemachine.asl.json');
    const input = { detail: { bucket: { name: 'inbox' }, object: { key: 'scan.pdf' } } };
    const STATES = ['textract', 'Wait for Textract Callback Token'];

    function setup(): { handlers: TaskHandlers; tokens: string[]; jobs: string[]; published: string[] } {
      const tokens: string[] = [];
      const jobs: string[] = [];
      const published: string[] = [];
      const handlers: TaskHandlers = {
        'textract:startDocumentTextDetection': (request: {
          DocumentLocation: { S3Object: { Bucket: string; Name: string } };
        }) => {
          expect(request.DocumentLocation.S3Object).toEqual({ Bucket: 'inbox', Name: 'scan.pdf' });
          return { JobId: 'job-17' };
        },
        'dynamodb:putItem': (request: { Item: { PK1: { S: string }; TT: { S: string } } }) => {
          jobs.push(request.Item.PK1.S);
          tokens.push(request.Item.TT.S);
          return {};
        },
        'sns:publish': (request: { Message: string }) => {
          published.push(request.Message);
          return { MessageId: 'n-1' };
        },
      };
      return { handlers, tokens, jobs, published };
    }

    it('has no placeholders', () => {
      expect(placeholderNames(text())).toEqual([]);
    });

    it('the checkpointed token is answered with sendTaskSuccess: Notify Success, SUCCEEDED', async () => {
      const { handlers, tokens, jobs, published } = setup();
      const { definition } = loadDefinition(text(), handlers);
      fixture = await createEngineFixture(handlers);
      const arn = await fixture.start(definition, input);
      const [token] = await tokensOf(tokens, 1);
      expect(jobs).toEqual(['job-17']);
      await fixture.engine.sendTaskSuccess(token!, { pages: 3 });
      const { record, events, output } = await fixture.finish(arn);
      expect(enteredStates(events)).toEqual([...STATES, 'Notify Success']);
      expect(record.status).toBe('SUCCEEDED');
      expect(published).toEqual(['Success']);
      expect(output).toEqual({ pages: 3, Result: { MessageId: 'n-1' } });
    });

    it('sendTaskFailure: no Catch, the execution fails with the given error', async () => {
      const { handlers, tokens, published } = setup();
      const { definition } = loadDefinition(text(), handlers);
      fixture = await createEngineFixture(handlers);
      const arn = await fixture.start(definition, input);
      const [token] = await tokensOf(tokens, 1);
      await fixture.engine.sendTaskFailure(token!, 'TextractFailed', 'unsupported document');
      const { record, events } = await fixture.finish(arn);
      expect(enteredStates(events)).toEqual(STATES);
      expect(record.status).toBe('FAILED');
      expect(record.error).toBe('TextractFailed');
      expect(record.cause).toBe('unsupported document');
      expect(published).toEqual([]);
    });

    it('no answer within TimeoutSeconds (1800): the execution fails with States.Timeout', async () => {
      const { handlers, tokens } = setup();
      const { definition } = loadDefinition(text(), handlers);
      fixture = await createEngineFixture(handlers);
      const arn = await fixture.start(definition, input);
      const { record, events } = await fixture.finish(arn, 60_000);
      expect(tokens).toHaveLength(1);
      expect(enteredStates(events)).toEqual(STATES);
      expect(record.status).toBe('FAILED');
      expect(record.error).toBe('States.Timeout');
    });
  });
});
