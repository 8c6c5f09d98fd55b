// The validation report: every problem with its row number, grouped by kind so a report on
// 1.44 M rows stays readable (the first rows of each kind are listed; all are counted).
import type { ImportIssue, ImportReport, IssueGroup } from '../../contract/admin.js';

export type { ImportCounts, ImportIssue, ImportReport, IssueGroup, Severity } from '../../contract/admin.js';

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
