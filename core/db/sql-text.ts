// A statement's SQL, written once for SQLite, made ready for a driver once (when first
// prepared): named (@name, :name, $name) and positional (?) parameters become PostgreSQL's
// $1..$n with a binding plan, and the few spellings both engines accept differently are
// rewritten. Only code is touched: string literals, quoted identifiers and comments pass as
// they are. A statement whose meaning differs gets its own PostgreSQL text instead.

/** How an array or record of values becomes PostgreSQL's positional values. */
export type BindPlan = { kind: 'none' } | { kind: 'positional'; count: number } | { kind: 'named'; names: string[] };

export interface PreparedText {
  text: string;
  plan: BindPlan;
  /** The statement is an INSERT without RETURNING (the driver may add `RETURNING id`). */
  insertInto: string | null;
  returns: boolean;
}

interface Segment {
  code: boolean;
  text: string;
}

/** Splits SQL into code and non-code (literals, quoted identifiers, comments). */
export function segments(sql: string): Segment[] {
  const out: Segment[] = [];
  let code = '';
  let i = 0;
  const flush = () => {
    if (code) out.push({ code: true, text: code });
    code = '';
  };
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"' || c === '`') {
      flush();
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) break;
        if (sql[j] === c) {
          if (sql[j + 1] === c) j += 2;
          else break;
        } else j++;
      }
      out.push({ code: false, text: sql.slice(i, j + 1) });
      i = j + 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      flush();
      const end = sql.indexOf('\n', i);
      const j = end < 0 ? sql.length : end;
      out.push({ code: false, text: sql.slice(i, j) });
      i = j;
    } else if (c === '/' && sql[i + 1] === '*') {
      flush();
      const end = sql.indexOf('*/', i + 2);
      const j = end < 0 ? sql.length : end + 2;
      out.push({ code: false, text: sql.slice(i, j) });
      i = j;
    } else {
      code += c;
      i++;
    }
  }
  flush();
  return out;
}

const PARAM = /(\?\d*)|(?<![:\w])([@:$])([A-Za-z_][A-Za-z0-9_]*)/g;

/** SQLite text as better-sqlite3 takes it: unchanged. */
export function forSqlite(sql: string): PreparedText {
  return { text: sql, plan: { kind: 'none' }, insertInto: null, returns: false };
}

/** Rewrites SQLite spellings PostgreSQL does not take and numbers the parameters. */
export function forPostgres(sql: string): PreparedText {
  const names: string[] = [];
  let positional = 0;
  let named = false;
  let orIgnore = false;
  const parts = segments(sql).map((s) => {
    if (!s.code) return s.text;
    let t = s.text;
    // The spellings of the same meaning.
    t = t.replace(/\bifnull\s*\(/gi, 'coalesce(');
    // A list bound as one JSON array: SQLite's json_each(x) has a `value` column, and so has
    // PostgreSQL's json_array_elements_text (the parameter typed as json).
    t = t.replace(/\bjson_each\s*\(\s*([@:$][A-Za-z_][A-Za-z0-9_]*|\?)\s*\)/gi, 'json_array_elements_text(CAST($1 AS json))');
    t = t.replace(/\bINSERT\s+OR\s+IGNORE\s+INTO\b/gi, () => {
      orIgnore = true;
      return 'INSERT INTO';
    });
    // SQLite's LIKE ignores ASCII case; PostgreSQL's ILIKE is the same question.
    t = t.replace(/\bNOT\s+LIKE\b/g, 'NOT ILIKE').replace(/(?<!NOT\s+)\bLIKE\b/g, 'ILIKE');
    // Output names keep their case in SQLite; PostgreSQL folds unquoted names to lower case.
    t = t.replace(/\bAS\s+([A-Za-z_][A-Za-z0-9_]*)/g, (m, alias: string) => (/[A-Z]/.test(alias) && /[a-z]/.test(alias) ? `AS "${alias}"` : m));
    t = t.replace(PARAM, (m, q: string | undefined, sigil: string | undefined, name: string | undefined) => {
      if (q !== undefined) {
        if (q.length > 1) return `$${Number(q.slice(1))}`;
        positional++;
        return `$${positional}`;
      }
      named = true;
      let k = names.indexOf(name!);
      if (k < 0) {
        names.push(name!);
        k = names.length - 1;
      }
      return `$${k + 1}`;
    });
    // A parameter only tested for NULL has no type PostgreSQL could infer: any will do.
    t = t.replace(/(\$\d+)(\s+IS\s+(?:NOT\s+)?NULL\b)/gi, '$1::text$2');
    return t;
  });
  if (named && positional > 0) throw new Error(`statement mixes named and positional parameters: ${sql.slice(0, 80)}`);
  let text = parts.join('');
  const returns = /\bRETURNING\b/i.test(segments(text).filter((s) => s.code).map((s) => s.text).join(' '));
  if (orIgnore) {
    text = returns ? text.replace(/\bRETURNING\b/i, 'ON CONFLICT DO NOTHING RETURNING') : `${text.trimEnd().replace(/;$/, '')} ON CONFLICT DO NOTHING`;
  }
  const insert = /^\s*INSERT\s+INTO\s+([A-Za-z_][A-Za-z0-9_]*)/i.exec(text);
  const plan: BindPlan = named ? { kind: 'named', names } : positional > 0 ? { kind: 'positional', count: positional } : { kind: 'none' };
  return { text, plan, insertInto: insert && !returns ? insert[1]!.toLowerCase() : null, returns };
}

/** Values for PostgreSQL in the plan's order. Booleans become 0/1 as better-sqlite3 would refuse them. */
export function bindValues(plan: BindPlan, params: Record<string, unknown> | unknown[] | undefined): unknown[] {
  if (params === undefined || plan.kind === 'none') return [];
  if (plan.kind === 'positional') {
    const values = Array.isArray(params) ? params : [params];
    return values.map(toPg);
  }
  const record = (Array.isArray(params) ? params[0] : params) as Record<string, unknown>;
  return plan.names.map((n) => {
    if (!(n in record)) throw new RangeError(`Missing named parameter "${n}"`);
    return toPg(record[n]);
  });
}

function toPg(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return value.toString();
  return value;
}
