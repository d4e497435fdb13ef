import { Command, CommanderError } from 'commander';
import { UnwindError } from '../core/unwind-error.js';
import { collectSub } from './cli-inputs.js';
import { executionsCommand } from './executions-command.js';
import { EXIT_USAGE, exitCodeFor } from './exit-codes.js';
import { historyCommand } from './history-command.js';
import { resumeCommand } from './resume-command.js';
import { runCommand } from './run-command.js';
import { addServeCommand } from './serve-command.js';
import { validateCommand } from './validate-command.js';
import { addWorkflowCommand } from './workflow-command.js';

type Action = (...args: never[]) => Promise<number>;

function program(setExitCode: (code: number) => void): Command {
  const wrap =
    (action: Action) =>
    async (...args: unknown[]): Promise<void> => {
      setExitCode(await (action as (...a: unknown[]) => Promise<number>)(...args));
    };
  const cli = new Command('unwind')
    .description('Durable sagas: run Amazon States Language state machines on an embedded SQLite database.')
    .exitOverride()
    .showHelpAfterError();
  cli
    .command('run <definition>')
    .description('run one execution to its end and print its timeline (definition: .json, .yaml or .yml)')
    .option('--input <json>', 'execution input as JSON text')
    .option('--input-file <file>', 'execution input from a JSON file')
    .option('--handlers <module>', 'module exporting task handlers (.js or .ts)')
    .option('--db <file|url>', 'SQLite file or postgres:// URL (default: a temporary SQLite file)')
    .option('--name <name>', 'execution name (default: a random UUID)')
    .option('--sub <NAME=VALUE>', 'fill the ${NAME} placeholders of the definition (repeatable)', collectSub)
    .option('--json', 'print one JSON object instead of the timeline')
    .action(wrap(runCommand));
  cli
    .command('resume')
    .description('drive every unfinished execution in a database to its end')
    .option('--db <file|url>', 'SQLite file or postgres:// URL (default: UNWIND_DATABASE_URL)')
    .option('--handlers <module>', 'module exporting task handlers (.js or .ts)')
    .action(wrap(resumeCommand));
  cli
    .command('validate <definition>')
    .description('check a definition (.json, .yaml or .yml); exit 0 when valid, 1 with every problem and its JSON path')
    .option('--handlers <module>', 'also check that every Task resource has a handler')
    .option('--sub <NAME=VALUE>', 'fill the ${NAME} placeholders of the definition (repeatable)', collectSub)
    .option('--json', 'print { valid, problems } as JSON')
    .action(wrap(validateCommand));
  cli
    .command('executions')
    .description('list the executions in a database, newest first')
    .option('--db <file|url>', 'SQLite file or postgres:// URL (default: UNWIND_DATABASE_URL)')
    .option('--status <status>', 'RUNNING, SUCCEEDED, FAILED, TIMED_OUT or ABORTED')
    .option('--limit <n>', 'at most this many (default 100)')
    .option('--json', 'print JSON')
    .action(wrap(executionsCommand));
  cli
    .command('history <execution>')
    .description("print an execution's history (by ARN or name)")
    .option('--db <file|url>', 'SQLite file or postgres:// URL (default: UNWIND_DATABASE_URL)')
    .option('--json', 'print the events as JSON (HistoryEvent shape)')
    .option('--format <format>', 'asl (default), or fdl: a flow execution in the flow language (StepEntered, ...)')
    .action(wrap(historyCommand));
  addServeCommand(cli, wrap);
  addWorkflowCommand(cli, wrap);
  return cli;
}

async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  try {
    await program((code) => (exitCode = code)).parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
    if (error instanceof UnwindError) {
      process.stderr.write(`unwind: ${error.message}\n`);
      return exitCodeFor(error.code);
    }
    throw error;
  }
}

process.exitCode = await main(process.argv);
