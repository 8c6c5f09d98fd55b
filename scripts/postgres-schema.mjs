// Writes core/db/migrations/postgres/0001_schema.ts: the PostgreSQL text of the county schema
// as the SQLite migrations leave it (PostgreSQL's history starts there). Run it after adding a
// SQLite migration to see the PostgreSQL text to write beside it:
//   node --import tsx scripts/postgres-schema.mjs > /tmp/schema.sql
// The rules: INTEGER → bigint (ids and epoch-ms times), REAL → double precision (4-byte real is
// 0.8 m at 119°E), INTEGER PRIMARY KEY → a sequence that also follows explicitly given ids,
// GLOB checks → anchored regular expressions, RAISE triggers → plpgsql trigger functions.
import { SqliteDb } from '../core/db/sqlite.js';
import { applyMigrations } from '../core/db/migrate.js';
import { silentLogger } from '../core/runtime/log.js';

const db = new SqliteDb(':memory:', silentLogger);
await applyMigrations(db);
const rows = await db
  .statement('schema.all', "SELECT type, name, tbl_name AS tbl, sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY rowid")
  .all();
// Rows the SQLite migrations themselves insert (the role list, the audit chain's anchor).
const SEEDED = ['roles', 'trail_anchors'];
const seeds = [];
for (const table of SEEDED) {
  for (const row of await db.statement(`schema.seed.${table}`, `SELECT * FROM ${table}`).all()) {
    const cols = Object.keys(row);
    const values = cols.map((c) => (row[c] === null ? 'NULL' : typeof row[c] === 'number' ? String(row[c]) : `'${String(row[c]).replaceAll("'", "''")}'`));
    seeds.push(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${values.join(', ')});`);
  }
}
await db.close();

const globToRegex = (glob) =>
  '^' +
  glob
    .replace(/[.+${}()|\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.') +
  '$';

function column(sql) {
  return sql
    .replace(/\bINTEGER\b/g, 'bigint')
    .replace(/\bREAL\b/g, 'double precision')
    .replace(/\bTEXT\b/g, 'text')
    .replace(/\s+COLLATE\s+NOCASE/gi, '')
    .replace(/(\w+(?:\([^()]*\))?)\s+(NOT\s+)?GLOB\s+'([^']*)'/g, (_m, lhs, not, glob) => `${lhs} ${not ? '!~' : '~'} '${globToRegex(glob)}'`);
}

const out = [];
const tables = rows.filter((r) => r.type === 'table');
// Referenced tables first (PostgreSQL checks a foreign key's table when the key is declared).
const refs = new Map(tables.map((t) => [t.name, new Set([...t.sql.matchAll(/REFERENCES\s+(\w+)/gi)].map((m) => m[1]).filter((n) => n !== t.name))]));
const done = new Set();
const ordered = [];
while (ordered.length < tables.length) {
  const next = tables.find((t) => !done.has(t.name) && [...refs.get(t.name)].every((r) => done.has(r) || !refs.has(r)));
  if (!next) throw new Error(`foreign keys form a cycle among ${tables.filter((t) => !done.has(t.name)).map((t) => t.name)}`);
  done.add(next.name);
  ordered.push(next);
}
out.push(`CREATE FUNCTION gridhall_keep_id_sequence() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  -- A row written with its own id (the demo county, a restore) moves the sequence past it.
  IF NEW.id > coalesce(pg_sequence_last_value(TG_ARGV[0]::regclass), 0) THEN
    PERFORM setval(TG_ARGV[0]::regclass, NEW.id);
  END IF;
  RETURN NEW;
END $f$;`);
for (const t of ordered) {
  let sql = t.sql.replace(/\s*WITHOUT ROWID\s*$/i, '');
  const pk = /\b(\w+)\s+INTEGER\s+PRIMARY\s+KEY\b/i.exec(sql);
  let seq = null;
  if (pk) {
    seq = `${t.name}_${pk[1]}_seq`;
    out.push(`CREATE SEQUENCE ${seq};`);
    sql = sql.replace(pk[0], `${pk[1]} bigint PRIMARY KEY DEFAULT nextval('${seq}')`);
  }
  sql = sql.replace(/^CREATE TABLE "?(\w+)"?/, 'CREATE TABLE $1');
  out.push(`${column(sql)};`);
  if (seq) {
    out.push(`ALTER SEQUENCE ${seq} OWNED BY ${t.name}.${pk[1]};`);
    if (pk[1] === 'id') out.push(`CREATE TRIGGER ${t.name}_keep_id BEFORE INSERT ON ${t.name} FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('${seq}');`);
  }
}
for (const i of rows.filter((r) => r.type === 'index')) out.push(`${column(i.sql)};`);
// SQLite's COLLATE NOCASE on users.username: one name whatever its case.
out.push('CREATE UNIQUE INDEX users_username_lower ON users (lower(username));');
for (const tr of rows.filter((r) => r.type === 'trigger')) {
  const m = /CREATE TRIGGER (\w+) (BEFORE|AFTER) (INSERT|UPDATE|DELETE) ON (\w+)\s*(?:WHEN ([\s\S]*?))?\s*BEGIN\s*SELECT RAISE\(ABORT, '([^']*)'\);\s*END/i.exec(tr.sql);
  if (!m) throw new Error(`no PostgreSQL form for trigger ${tr.name}: ${tr.sql}`);
  const [, name, when, event, table, cond, message] = m;
  const back = event.toUpperCase() === 'DELETE' ? 'OLD' : 'NEW';
  out.push(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  ${cond ? `IF ${cond.trim()} THEN\n    RAISE EXCEPTION '${message}' USING ERRCODE = 'check_violation';\n  END IF;` : `RAISE EXCEPTION '${message}' USING ERRCODE = 'check_violation';`}
  RETURN ${back};
END $f$;
CREATE TRIGGER ${name} ${when} ${event} ON ${table} FOR EACH ROW EXECUTE FUNCTION ${name}();`);
}
out.push(seeds.join('\n'));
process.stdout.write(out.join('\n\n') + '\n');
