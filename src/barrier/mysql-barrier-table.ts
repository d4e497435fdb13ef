import type { Connection, Pool } from 'mysql2/promise';
import type { SqlBarrierOptions } from './barrier-options.js';
import { backQuoted, parseBarrierTableName } from './barrier-table-name.js';

/**
 * Creates the barrier table if it does not exist, in the participant's own MySQL/MariaDB database
 * (`database.table` names another database on the same server). InnoDB, so the barrier rows commit
 * and roll back with the business rows; a binary collation, so `A` and `a` are different gids. The
 * unique key (trans_type, gid, branch_id, op, barrier_id) is the barrier.
 */
export async function ensureMysqlBarrierTable(db: Pool | Connection, options: SqlBarrierOptions = {}): Promise<void> {
  const name = parseBarrierTableName(options.table);
  await db.query(`
    CREATE TABLE IF NOT EXISTS ${backQuoted(name)} (
      id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,
      trans_type varchar(45) NOT NULL,
      gid varchar(256) NOT NULL,
      branch_id varchar(128) NOT NULL,
      op varchar(45) NOT NULL,
      barrier_id varchar(45) NOT NULL,
      reason varchar(45) NOT NULL,
      create_time datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
      UNIQUE KEY uniq_barrier (trans_type, gid, branch_id, op, barrier_id),
      KEY create_time (create_time)
    ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin`);
}
