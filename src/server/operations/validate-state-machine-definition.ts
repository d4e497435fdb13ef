import { resourceProblems } from '../../engine/load-definition.js';
import { definitionTextProblems, diagnosticsOf, type DefinitionDiagnostic } from '../definition-check.js';
import type { Operation, ServerContext } from '../operation.js';
import { optionalEnum, optionalInteger, requestMembers, requiredString } from '../request-members.js';

/** Task resources no handler of this server can run: warnings (the definition is valid ASL, an execution would fail). */
function resourceWarnings(
  context: ServerContext,
  checked: ReturnType<typeof definitionTextProblems>['checked'],
): DefinitionDiagnostic[] {
  if (!checked) return [];
  return resourceProblems(checked.definition, context.engine.options.handlers).map((problem) => ({
    severity: 'WARNING',
    code: 'INVALID_RESOURCE',
    message: problem.message,
    location: problem.path,
  }));
}

/**
 * ValidateStateMachineDefinition: `result` FAIL when there is any ERROR diagnostic; `severity: WARNING`
 * adds warnings (task resources without a handler on this server). Each diagnostic's `location` is a JSON path.
 */
export const validateStateMachineDefinition: Operation = {
  name: 'ValidateStateMachineDefinition',
  // eslint-disable-next-line @typescript-eslint/require-await
  async run(body, context) {
    const input = requestMembers(body);
    const definition = requiredString(input, 'definition', { min: 1, max: 1_048_576 });
    optionalEnum(input, 'type', ['STANDARD', 'EXPRESS'] as const);
    const severity = optionalEnum(input, 'severity', ['ERROR', 'WARNING'] as const) ?? 'ERROR';
    const maxResults = optionalInteger(input, 'maxResults', { min: 0, max: 100 });
    const limit = maxResults === undefined || maxResults === 0 ? 100 : maxResults;
    const { problems, checked } = definitionTextProblems(definition);
    const diagnostics = [
      ...diagnosticsOf(problems),
      ...(severity === 'WARNING' ? resourceWarnings(context, checked) : []),
    ];
    return {
      result: problems.length > 0 ? 'FAIL' : 'OK',
      diagnostics: diagnostics.slice(0, limit),
      truncated: diagnostics.length > limit,
    };
  },
};
