// The validation report: every problem with its row number, grouped by kind so a report on
// 1.44 M rows stays readable (the first rows of each kind are listed; all are counted).
import type { ImportTarget } from './targets.js';

export type Severity = 'error' | 'warning';

export interface ImportIssue {
  /** Row number as the user sees it (record number, or line/sheet row); 0 for the whole file. */
  row: number;
  severity: Severity;
  /** Stable code the console translates: `id.county`, `point.outside`, `grid.overlap`... */
  code: string;
  field?: string;
  /** The English sentence (the CLI prints it; the console has its own words by code). */
  message: string;
  params?: Record<string, string | number>;
}

export interface IssueGroup {
  code: string;
  severity: Severity;
  count: number;
  /** The first rows of this kind. */
  rows: number[];
  /** The first message of this kind, as an example. */
  example: string;
  params?: Record<string, string | number>;
}

export interface ImportCounts {
  rows: number;
  valid: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface ImportReport {
  target: ImportTarget;
  fileName: string;
  format: string;
  rowKind: 'record' | 'line';
  encoding?: string;
  crs?: string;
  crsSource?: 'prj' | 'chosen' | 'guessed' | 'none';
  dryRun: boolean;
  /** Nothing was written: a dry run, or errors. */
  written: boolean;
  counts: ImportCounts;
  errors: number;
  warnings: number;
  groups: IssueGroup[];
  /** The first issues in row order (at most MAX_LISTED). */
  issues: ImportIssue[];
  /** Users created without a password in the file: their generated first passwords (shown once). */
  passwords?: { username: string; password: string }[];
  notes: string[];
}

const MAX_LISTED = 500;
const ROWS_PER_GROUP = 20;

export class IssueLog {
  readonly listed: ImportIssue[] = [];
  private readonly groups = new Map<string, IssueGroup>();
  errors = 0;
  warnings = 0;

  add(issue: ImportIssue): void {
    if (issue.severity === 'error') this.errors++;
    else this.warnings++;
    const key = `${issue.severity}|${issue.code}`;
    let group = this.groups.get(key);
    if (!group) {
      group = { code: issue.code, severity: issue.severity, count: 0, rows: [], example: issue.message, params: issue.params };
      this.groups.set(key, group);
    }
    group.count++;
    if (group.rows.length < ROWS_PER_GROUP && issue.row > 0) group.rows.push(issue.row);
    if (this.listed.length < MAX_LISTED) this.listed.push(issue);
  }

  error(row: number, code: string, message: string, params?: Record<string, string | number>, field?: string): void {
    this.add({ row, severity: 'error', code, message, params, field });
  }

  warn(row: number, code: string, message: string, params?: Record<string, string | number>, field?: string): void {
    this.add({ row, severity: 'warning', code, message, params, field });
  }

  allGroups(): IssueGroup[] {
    return [...this.groups.values()].sort((a, b) => (a.severity === b.severity ? b.count - a.count : a.severity === 'error' ? -1 : 1));
  }

  sortedListed(): ImportIssue[] {
    return [...this.listed].sort((a, b) => a.row - b.row || (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  }
}

/** The report as lines for a terminal. */
export function formatReport(report: ImportReport): string {
  const out: string[] = [];
  const unit = report.rowKind === 'record' ? 'record' : 'line';
  out.push(`${report.fileName}: ${report.format}${report.encoding ? `, ${report.encoding}` : ''}${report.crs ? `, ${report.crs} (${report.crsSource})` : ''}`);
  for (const note of report.notes) out.push(`  note: ${note}`);
  const c = report.counts;
  out.push(`  ${c.rows} rows read, ${c.valid} valid; ${report.errors} errors, ${report.warnings} warnings`);
  for (const g of report.groups) {
    const rows = g.rows.length ? ` (${unit}s ${g.rows.join(', ')}${g.count > g.rows.length ? ', ...' : ''})` : '';
    out.push(`  ${g.severity === 'error' ? 'ERROR' : 'warn '} ${g.code} ×${g.count}${rows}: ${g.example}`);
  }
  if (report.written) out.push(`  written: ${c.inserted} new, ${c.updated} updated, ${c.unchanged} unchanged`);
  else if (report.dryRun && report.errors === 0) out.push(`  dry run: would write ${c.inserted} new, ${c.updated} updated, ${c.unchanged} unchanged`);
  else out.push('  nothing was written');
  return out.join('\n');
}
