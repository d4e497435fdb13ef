import { afterEach, describe, expect, it } from 'vitest';
import { answer, startTestServer, type TestServer } from '../integrations/http-test-server.js';
import type { WorldFactory } from './workflow-contract.js';
import { detailsOf } from './workflow-world.js';

/** A DTM participant on loopback: each path answers the statuses queued for it (the last repeats). */
async function participant(script: Record<string, number[]>): Promise<TestServer> {
  const served = new Map<string, number>();
  return startTestServer((request) => {
    const path = request.url.pathname;
    const statuses = script[path] ?? [200];
    const n = served.get(path) ?? 0;
    served.set(path, n + 1);
    const status = statuses[Math.min(n, statuses.length - 1)] ?? 200;
    answer(
      request.response,
      status,
      status === 200 ? { path, body: JSON.parse(request.body || 'null') as unknown } : 'no',
    );
  });
}

function calls(server: TestServer): string[] {
  return server.received.map((r) => {
    const q = r.url.searchParams;
    return `${r.method} ${r.url.pathname} gid=${q.get('gid')} trans_type=${q.get('trans_type')} branch_id=${q.get('branch_id')} op=${q.get('op')}`;
  });
}

/** HTTP branches speaking DTM's protocol: 2xx success, 409 business failure, 425 in progress, else transient. */
export function httpContract(newWorld: WorldFactory): void {
  describe('HTTP branches (DTM protocol)', () => {
    let server: TestServer | undefined;
    afterEach(async () => {
      await server?.close();
      server = undefined;
    });

    it('compensates HTTP saga branches after a 409, with gid, trans_type, branch_id and op in the query', async () => {
      server = await participant({ '/TransIn': [409] });
      const origin = server.origin;
      const world = await newWorld();
      const engine = await world.startEngine((e) =>
        e.registerWorkflow('http-saga', async (wf, input: { amount: number }) => {
          await wf.saga('01', {
            action: { url: `${origin}/TransOut`, body: input },
            compensate: { url: `${origin}/TransOutCompensate`, body: input },
          });
          await wf.saga('02', {
            action: { url: `${origin}/TransIn`, body: input },
            compensate: { url: `${origin}/TransInCompensate`, body: input },
            compensateOnFailure: true,
          });
          return 'moved';
        }),
      );
      const result = await engine.executeWorkflow('http-saga', 'http-1', { amount: 30 });
      expect(result).toMatchObject({ status: 'FAILED', error: 'Unwind.BusinessFailure' });
      expect(calls(server)).toEqual([
        'POST /TransOut gid=http-1 trans_type=saga branch_id=01 op=action',
        'POST /TransIn gid=http-1 trans_type=saga branch_id=02 op=action',
        'POST /TransInCompensate gid=http-1 trans_type=saga branch_id=02 op=compensate',
        'POST /TransOutCompensate gid=http-1 trans_type=saga branch_id=01 op=compensate',
      ]);
      expect(server.received.map((r) => JSON.parse(r.body) as unknown)).toEqual(Array(4).fill({ amount: 30 }));
      expect(server.received[0]?.headers['x-unwind-idempotency-key']).toBe('http-1/01/action');
    });

    it('asks again at a fixed interval after 425, backs off after 500, and records the 2xx body', async () => {
      server = await participant({ '/Try': [425, 500, 200] });
      const origin = server.origin;
      const world = await newWorld();
      const engine = await world.startEngine((e) =>
        e.registerWorkflow(
          'http-tcc',
          async (wf) => {
            const tried = await wf.tcc('pay', {
              try: { url: `${origin}/Try` },
              confirm: { url: `${origin}/Confirm` },
              cancel: { url: `${origin}/Cancel` },
            });
            const looked = await wf.http('lookup', { url: `${origin}/Lookup`, method: 'GET' });
            return { tried, looked };
          },
          { ongoingIntervalMs: 5_000, retry: { initialMs: 1_000 } },
        ),
      );
      await engine.startWorkflow('http-tcc', 'http-2');
      const record = await world.finish('http-2', 1_000);
      expect(record.status).toBe('SUCCEEDED');
      expect(JSON.parse(record.output ?? 'null')).toEqual({
        tried: { path: '/Try', body: {} },
        looked: { status: 200, body: { path: '/Lookup', body: null } },
      });
      const failures = (await world.history('http-2')).filter((e) => e.type === 'WorkflowAttemptFailed');
      expect(failures.map((e) => (detailsOf(e).retryAt as number) - e.timestamp)).toEqual([5_000, 2_000]);
      expect(failures.map((e) => detailsOf(e).error)).toEqual(['BranchOngoingError', 'Unwind.TransientFailure']);
      expect(calls(server)).toEqual([
        'POST /Try gid=http-2 trans_type=tcc branch_id=pay op=try',
        'POST /Try gid=http-2 trans_type=tcc branch_id=pay op=try',
        'POST /Try gid=http-2 trans_type=tcc branch_id=pay op=try',
        'GET /Lookup gid=http-2 trans_type=workflow branch_id=lookup op=action',
        'POST /Confirm gid=http-2 trans_type=tcc branch_id=pay op=confirm',
      ]);
    });
  });
}
