/**
 * The handler module for the CLI:
 *   npx unwind run examples/order-llt/order-llt.asl.json --handlers examples/order-llt/handlers.ts \
 *     --input-file examples/order-llt/inputs/4-success.json
 * The participants' tables live in `UNWIND_EXAMPLE_DB`, else in a file under the OS temp dir.
 */
import { createHandlers } from './order-services.js';
import { openParticipantsDb, participantsDbFile } from './participants-db.js';

export const handlers = createHandlers(openParticipantsDb(participantsDbFile()));
