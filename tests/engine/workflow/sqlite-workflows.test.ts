import { describe } from 'vitest';
import { runWorkflowContract } from './workflow-contract.js';

describe('code workflows on SQLite', () => runWorkflowContract('sqlite'));
