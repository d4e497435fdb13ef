import { describePostgres } from '../../postgres/postgres-test-database.js';
import { runWorkflowContract } from './workflow-contract.js';

describePostgres('code workflows on PostgreSQL', () => runWorkflowContract('postgres'));
