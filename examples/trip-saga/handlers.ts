/**
 * The handler module for the CLI:
 *   npx unwind run examples/trip-saga/trip-saga.asl.json --handlers examples/trip-saga/handlers.ts \
 *     --input-file examples/trip-saga/input.json
 * The participants' tables live in `UNWIND_EXAMPLE_DB`, else in a file under the OS temp dir.
 * The cancel steps fail at random 40% of the time (Math.random), as in the article.
 */
import { openParticipantsDb, participantsDbFile } from './participants-db.js';
import { createHandlers } from './trip-services.js';

export const handlers = createHandlers(openParticipantsDb(participantsDbFile()));
