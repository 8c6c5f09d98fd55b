// Where a county's database lives in its data folder (the backup and the composition root both
// need the name; it sits here, under the database's own door, so neither imports the other).
import path from 'node:path';

export const DB_FILE = 'gridhall.db';

export function databasePath(dataDir: string): string {
  return path.join(dataDir, DB_FILE);
}
