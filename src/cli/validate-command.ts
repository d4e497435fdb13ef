import { definitionProblems } from '../engine/load-definition.js';
import { readDefinitionFile, readHandlers } from './cli-inputs.js';
import { EXIT_NOT_SUCCEEDED, EXIT_SUCCEEDED } from './exit-codes.js';

/** `unwind validate`: 0 when valid, 1 with every problem and its JSON path. */
export async function validateCommand(
  definitionPath: string,
  options: { handlers?: string; json?: boolean; sub?: string[] },
): Promise<number> {
  const file = readDefinitionFile(definitionPath, options.sub);
  const handlers = options.handlers === undefined ? undefined : await readHandlers(options.handlers);
  const problems = definitionProblems(file.text, handlers, file);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ valid: problems.length === 0, problems })}\n`);
  } else if (problems.length === 0) {
    process.stdout.write(`${definitionPath}: valid\n`);
  } else {
    const lines = problems.map((problem) => `  ${problem.path}: ${problem.message}`).join('\n');
    process.stdout.write(`${definitionPath}: ${problems.length} problem(s)\n${lines}\n`);
  }
  return problems.length === 0 ? EXIT_SUCCEEDED : EXIT_NOT_SUCCEEDED;
}
