import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  BarrierFieldError,
  barrierFromQuery,
  callSqliteBarrier,
  type BarrierOutcome,
  type BranchBarrier,
} from '../../src/index.js';
import type { BankDb } from './bank-db.js';
import { BANK_ROUTES, BankRefusal } from './bank-operations.js';

/**
 * A bank as a DTM participant over HTTP (node:http on loopback): `POST /api/<route>` with
 * `{ account, amount }` and `gid`, `trans_type`, `branch_id`, `op` in the query string. Every operation
 * runs inside the participant barrier, in one local transaction of the bank's own database, so a
 * duplicate delivery, a cancel that comes before (or instead of) its try, and a try that comes after its
 * cancel change nothing. Answers: 200 success (whatever the barrier decided), 409 business refusal
 * (nothing committed), 400 bad request, 500/503 transient.
 */

export interface FailureInjection {
  /** Draws the failures; seed it to replay a run. */
  random: () => number;
  /**
   * Share of requests answered with a transient error: half of them 503 before anything runs, half 500
   * after the local transaction committed (the caller cannot tell which: it must retry, and the barrier
   * makes the retry harmless).
   */
  transientRate: number;
  /** Share of tries (and saga actions) that are refused with 409, nothing committed: forces a rollback. */
  refusalRate: number;
}

export interface BankRequest {
  /** 1, 2, ...: the order in which this service received its requests. */
  number: number;
  route: string;
  gid: string;
  branchId: string;
  op: string;
  account: string;
  amount: number;
}

export type BankAnswer = BarrierOutcome | 'refused' | 'injected-before' | 'error';

export interface BankServiceOptions {
  name: string;
  db: BankDb;
  failures?: FailureInjection;
  /** Runs before a request is handled; a returned promise holds the request until it settles. */
  beforeHandling?: (request: BankRequest) => Promise<void> | void;
  /** Runs once the request's local transaction has committed (or was skipped), before the answer is sent. */
  afterHandling?: (request: BankRequest, answer: BankAnswer) => void;
}

export type BankStats = Record<BankAnswer | 'requests' | 'injected-after' | 'injected-refusals', number>;

export class BankService {
  readonly stats: BankStats = {
    requests: 0,
    executed: 0,
    duplicate: 0,
    'null-compensation': 0,
    hanging: 0,
    refused: 0,
    error: 0,
    'injected-before': 0,
    'injected-after': 0,
    'injected-refusals': 0,
  };
  private origin_ = '';

  private constructor(
    private readonly options: BankServiceOptions,
    private readonly server: Server,
  ) {}

  /** Starts the service on 127.0.0.1 (port 0 unless given). */
  static async start(options: BankServiceOptions, port = 0): Promise<BankService> {
    const server = createServer();
    const service = new BankService(options, server);
    server.on(
      'request',
      (request: IncomingMessage, response: ServerResponse) => void service.handle(request, response),
    );
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    service.origin_ = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return service;
  }

  get name(): string {
    return this.options.name;
  }

  /** `http://127.0.0.1:<port>`. */
  get origin(): string {
    return this.origin_;
  }

  /** The URL of a route, e.g. `url('TransOutTry')`. */
  url(route: keyof typeof BANK_ROUTES): string {
    return `${this.origin}/api/${route}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      const body = await readBody(request);
      await this.answer(request, body, response);
    } catch (error) {
      this.stats.error++;
      reply(response, 500, { error: error instanceof Error ? error.message : String(error) });
    }
  }

  private async answer(request: IncomingMessage, body: string, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://bank');
    const routeName = url.pathname.replace(/^\/api\//, '');
    const route = BANK_ROUTES[routeName];
    if (request.method !== 'POST' || !route) return reply(response, 404, { error: `no route ${url.pathname}` });
    const movement = parseMovement(body);
    if (typeof movement === 'string') return reply(response, 400, { error: movement });
    let barrier: BranchBarrier;
    try {
      barrier = barrierFromQuery(url.searchParams);
    } catch (error) {
      if (error instanceof BarrierFieldError) return reply(response, 400, { error: error.message });
      throw error;
    }
    this.stats.requests++;
    const info: BankRequest = {
      number: this.stats.requests,
      route: routeName,
      gid: barrier.identity.gid,
      branchId: barrier.identity.branchId,
      op: barrier.identity.op,
      ...movement,
    };
    await this.options.beforeHandling?.(info);

    const failures = this.options.failures;
    const draw = failures ? failures.random() : 1;
    const transient = failures?.transientRate ?? 0;
    if (draw < transient / 2) {
      this.stats['injected-before']++;
      this.options.afterHandling?.(info, 'injected-before');
      return reply(response, 503, { error: 'injected: unavailable before the transaction' });
    }
    const refuse = route.forward && failures !== undefined && failures.random() < failures.refusalRate;
    let outcome: BankAnswer;
    try {
      const result = callSqliteBarrier(barrier, this.options.db, (db) => {
        if (refuse) {
          this.stats['injected-refusals']++;
          throw new BankRefusal(`injected refusal of ${routeName}`);
        }
        route.operation(db, { gid: info.gid, ...movement });
      });
      outcome = result.outcome;
    } catch (error) {
      if (!(error instanceof BankRefusal)) throw error;
      this.stats.refused++;
      this.options.afterHandling?.(info, 'refused');
      return reply(response, 409, { error: error.message });
    }
    this.stats[outcome]++;
    this.options.afterHandling?.(info, outcome);
    if (draw < transient) {
      this.stats['injected-after']++;
      return reply(response, 500, { error: 'injected: failed after the transaction committed' });
    }
    reply(response, 200, { outcome });
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => resolve(text));
    request.on('error', reject);
  });
}

function parseMovement(body: string): { account: string; amount: number } | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body || '{}');
  } catch {
    return 'the body is not JSON';
  }
  const { account, amount } = (parsed ?? {}) as { account?: unknown; amount?: unknown };
  if (typeof account !== 'string' || account === '') return 'account must be a non-empty string';
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0) {
    return 'amount must be a positive integer (cents)';
  }
  return { account, amount };
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent || response.destroyed) return;
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}
