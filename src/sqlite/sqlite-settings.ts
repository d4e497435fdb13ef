import type Database from 'better-sqlite3';

/** loadSetting: insert the initial value unless the key exists, then read what is stored. */
export function prepareSqliteSettings(db: Database.Database): (key: string, initial: string) => string {
  const insert = db.prepare<[string, string]>(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING',
  );
  const select = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  const load = db.transaction((key: string, initial: string): string => {
    insert.run(key, initial);
    return select.get(key)?.value ?? initial;
  });
  return (key, initial) => load.immediate(key, initial);
}
