import { parentPort, workerData } from 'node:worker_threads';

import { openSqliteStore } from '../src/sqlite/sqlite-store.js';

/**
 * A worker thread of tests/sqlite-registry.test.ts: its own connection to the file, taking tasks of one
 * activity until none is left, started by a 'go' message so that two takers run at the same time.
 */
interface TakerData {
  file: string;
  activityArn: string;
  workerName: string;
}

const { file, activityArn, workerName } = workerData as TakerData;
const store = openSqliteStore({ file });
const port = parentPort!;
port.once('message', () => {
  void (async () => {
    const tokens: string[] = [];
    for (let task = await store.registry.takeActivityTask(activityArn, workerName, 1); task !== undefined;) {
      tokens.push(task.taskToken);
      task = await store.registry.takeActivityTask(activityArn, workerName, 1);
    }
    await store.close();
    port.postMessage(tokens);
  })();
});
port.postMessage('ready');
