// How the county's 数字城管 data reads in GeoReport v2 (DOMAIN.md §6): each small class is a
// service (C0101 = 部件 0101, E0406 = 事件 0406: component and event classes share codes, so
// the kind leads), grouped by its big class; a case is a request whose rich state folds into
// open/closed with the state's name (and the last 环节意见) in status_notes; expected_datetime
// is the disposal deadline and agency_responsible the department it was dispatched to.
import { STATE_LABELS, TERMINAL_STATES } from '../../workflow/cases/index.js';
import type { CaseRow, CaseStore } from '../../workflow/cases/index.js';
import type { DepartmentStore } from '../../base/departments/index.js';
import type { ClassKind, ClassRow, DictionaryStore } from '../../base/dictionary/index.js';
import type { IntakeStore } from '../intake/index.js';

export interface ServiceRef {
  kind: ClassKind;
  code: string;
}

export function serviceCode(kind: ClassKind, code: string): string {
  return `${kind === 'component' ? 'C' : 'E'}${code}`;
}

/** 'E0406' → { kind: 'event', code: '0406' }; undefined when it cannot be a service code. */
export function parseServiceCode(text: string): ServiceRef | undefined {
  const m = /^([CcEe])(\d{4,5})$/.exec(text.trim());
  if (!m) return undefined;
  return { kind: m[1]!.toUpperCase() === 'C' ? 'component' : 'event', code: m[2]! };
}

const KIND_ZH: Record<ClassKind, string> = { component: '部件', event: '事件' };

export type Open311Attribute = {
  variable: boolean;
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  datatype_description: string | null;
  order: number;
  description: string;
  values?: { key: string; name: string }[];
};

/** The attributes of a service: a landmark for every one, the component's ID plate for 部件. */
export function attributesOf(kind: ClassKind): Open311Attribute[] {
  const attributes: Open311Attribute[] = [
    {
      variable: true,
      code: 'landmark',
      datatype: 'string',
      required: false,
      datatype_description: '100 characters at most',
      order: 1,
      description: '附近的标志物（店名、门牌、公交站），便于现场找到 / A landmark nearby to find the spot',
    },
  ];
  if (kind === 'component') {
    attributes.push({
      variable: true,
      code: 'component_id',
      datatype: 'string',
      required: false,
      datatype_description: '16 or 17 digits',
      order: 2,
      description: '部件标识码（设施铭牌上的编码） / The ID on the object\'s plate, if it has one',
    });
  }
  return attributes;
}

export class Open311Mapping {
  constructor(
    private readonly dictionary: DictionaryStore,
    private readonly departments: DepartmentStore,
    private readonly cases: CaseStore,
    private readonly intakeStore: IntakeStore,
    private readonly utcOffsetMinutes: () => Promise<number>,
  ) {}

  /** ISO 8601 with the county's offset, as the spec's examples are written: 2026-11-18T09:00:00+08:00. */
  async datetime(ms: number | null): Promise<string | null> {
    if (ms === null) return null;
    const offset = await this.utcOffsetMinutes();
    const local = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
    const sign = offset < 0 ? '-' : '+';
    const abs = Math.abs(offset);
    return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  }

  private async standardId(): Promise<string | undefined> {
    return (await this.dictionary.activeStandard())?.id;
  }

  async services(): Promise<Record<string, string | boolean>[]> {
    const standardId = await this.standardId();
    if (!standardId) return [];
    const rows = await this.dictionary.list(standardId);
    const bigName = new Map(rows.filter((r) => r.level === 'big').map((r) => [`${r.kind}:${r.code}`, r]));
    return rows
      .filter((r) => r.level === 'small')
      .map((r) => {
        const big = bigName.get(`${r.kind}:${r.bigCode}`);
        const group = `${KIND_ZH[r.kind]}·${big?.name ?? r.bigCode}`;
        return {
          service_code: serviceCode(r.kind, r.code),
          service_name: r.name,
          description: `${r.name}（${group}）${r.nameEn ? ` / ${r.nameEn}` : ''}`,
          metadata: true,
          type: 'realtime',
          keywords: [r.nameEn, big?.name, big?.nameEn].filter(Boolean).join(', '),
          group,
        };
      });
  }

  async serviceClass(ref: ServiceRef): Promise<ClassRow | undefined> {
    const standardId = await this.standardId();
    if (!standardId) return undefined;
    const row = await this.dictionary.get(standardId, ref.kind, ref.code);
    return row?.level === 'small' ? row : undefined;
  }

  async request(row: CaseRow): Promise<Record<string, string | number | null>> {
    const closed = TERMINAL_STATES.has(row.state);
    const cls = await this.dictionary.get(row.standardId, row.kind, row.classCode);
    const submission = await this.intakeStore.submissionOfCase(row.id);
    return {
      service_request_id: row.caseNo,
      status: closed ? 'closed' : 'open',
      status_notes: await this.statusNotes(row),
      service_name: cls?.name ?? row.classCode,
      service_code: serviceCode(row.kind, row.classCode),
      description: row.description,
      agency_responsible: row.departmentId === null ? null : ((await this.departments.get(row.departmentId))?.name ?? null),
      service_notice: null,
      requested_datetime: await this.datetime(row.reportedAt),
      updated_datetime: await this.datetime(closed ? (row.closedAt ?? row.updatedAt) : row.updatedAt),
      expected_datetime: await this.datetime(row.deadlineAt),
      address: row.address,
      address_id: null,
      zipcode: null,
      lat: row.lat,
      long: row.lon,
      media_url: submission?.mediaUrl ?? null,
    };
  }

  /** The state's name, and the opinion (环节意见) given at the last step, if any. */
  async statusNotes(row: CaseRow): Promise<string> {
    const label = STATE_LABELS[row.state];
    const events = await this.cases.events(row.id);
    const last = [...events].reverse().find((e) => e.comment && e.toState === row.state);
    return last?.comment ? `${label.zh}（${label.en}）：${last.comment}` : `${label.zh}（${label.en}）`;
  }
}
