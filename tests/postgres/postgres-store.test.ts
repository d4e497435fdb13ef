import { runStoreContract } from '../store-contract.js';
import { describePostgres, TestSchema } from './postgres-test-database.js';

// Each test in its own fresh schema, dropped afterwards.
describePostgres('PostgreSQL store', () => {
  runStoreContract('postgres', async () => {
    const schema = new TestSchema();
    const store = await schema.open();
    return { store, cleanup: () => schema.cleanup() };
  });
});
