import type { Engine } from '../engine/engine.js';
import { EXIT_INTERRUPTED } from './exit-codes.js';

/** On SIGINT/SIGTERM: stop the engine cleanly (in-flight work is re-run on resume) and exit 130. */
export function stopOnSignals(engine: Engine, db: string | undefined): () => void {
  const onSignal = (signal: NodeJS.Signals): void => {
    const hint = db ? `; continue with: unwind resume --db ${db}` : '';
    process.stderr.write(`unwind: ${signal} received, stopping${hint}\n`);
    void engine.stop().finally(() => process.exit(EXIT_INTERRUPTED));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
