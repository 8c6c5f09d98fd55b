// The demo county's departments (专业部门), the centre, utility enterprises and the street
// offices, with who owns and maintains each component class, as data.
import type { DepartmentKind, DepartmentRow } from '../base/departments/index.js';
import type { StreetAreaPlan } from './areas.js';

export interface DepartmentSeed {
  code: string;
  name: string;
  kind: DepartmentKind;
  parent?: string;
  phone?: string;
}

/** County-level units; street offices are added from the areas. Codes are short pinyin initials. */
export const COUNTY_DEPARTMENTS: readonly DepartmentSeed[] = [
  { code: 'CGJ', name: '青禾县城市管理局', kind: 'department' },
  // 12319 is the urban-management hotline number.
  { code: 'JDZX', name: '青禾县数字化城市管理监督指挥中心', kind: 'centre', parent: 'CGJ', phone: '12319' },
  { code: 'SZS', name: '青禾县市政工程管理所', kind: 'department', parent: 'CGJ' },
  { code: 'LDS', name: '青禾县路灯管理所', kind: 'department', parent: 'CGJ' },
  { code: 'YLS', name: '青禾县园林绿化管理所', kind: 'department', parent: 'CGJ' },
  { code: 'HWS', name: '青禾县环境卫生管理所', kind: 'department', parent: 'CGJ' },
  { code: 'ZJJ', name: '青禾县住房和城乡建设局', kind: 'department' },
  { code: 'GAJ', name: '青禾县公安局', kind: 'department' },
  { code: 'JJDD', name: '青禾县公安局交通警察大队', kind: 'department', parent: 'GAJ' },
  { code: 'XFJY', name: '青禾县消防救援大队', kind: 'department' },
  { code: 'SCJG', name: '青禾县市场监督管理局', kind: 'department' },
  { code: 'STHJ', name: '青禾县生态环境分局', kind: 'department' },
  { code: 'SLJ', name: '青禾县水利局', kind: 'department' },
  { code: 'JTJ', name: '青禾县交通运输局', kind: 'department' },
  { code: 'MZJ', name: '青禾县民政局', kind: 'department' },
  { code: 'YJJ', name: '青禾县应急管理局', kind: 'department' },
  { code: 'QXJ', name: '青禾县气象局', kind: 'department' },
  { code: 'GSGS', name: '青禾县自来水公司', kind: 'enterprise' },
  { code: 'RQGS', name: '青禾县燃气公司', kind: 'enterprise' },
  { code: 'GDGS', name: '青禾县供电公司', kind: 'enterprise' },
  { code: 'DXGS', name: '青禾县电信分公司', kind: 'enterprise' },
  { code: 'YDGS', name: '青禾县移动分公司', kind: 'enterprise' },
  { code: 'GDWL', name: '青禾县广电网络公司', kind: 'enterprise' },
  { code: 'GJGS', name: '青禾县公交公司', kind: 'enterprise' },
  { code: 'YZGS', name: '青禾县邮政分公司', kind: 'enterprise' },
];

/** The street office (街道办事处) or town government (镇人民政府) of a street/town. */
export function streetOfficeCode(streetCode: string): string {
  return `JD${streetCode.slice(6)}`;
}

/** Owner(s) and maintainer of each component class ('street' = the street office where it stands). */
export const CLASS_OWNERS: Readonly<Record<string, { owners: readonly string[]; maintainer?: string }>> = {
  '0101': { owners: ['GSGS'] },
  '0102': { owners: ['SZS'] },
  '0103': { owners: ['SZS'] },
  '0104': { owners: ['SZS'] },
  '0105': { owners: ['GDGS'] },
  '0106': { owners: ['LDS'] },
  '0107': { owners: ['DXGS', 'YDGS'] },
  '0108': { owners: ['GDWL'] },
  '0109': { owners: ['DXGS', 'YDGS'] },
  '0110': { owners: ['SZS'] },
  '0111': { owners: ['RQGS'] },
  '0112': { owners: ['GAJ'] },
  '0113': { owners: ['XFJY'], maintainer: 'GSGS' },
  '0114': { owners: [], maintainer: 'SZS' },
  '0115': { owners: ['DXGS', 'YDGS'] },
  '0116': { owners: ['GDGS'] },
  '0117': { owners: ['GDGS', 'DXGS', 'YDGS', 'GDWL'] },
  '0118': { owners: ['LDS'] },
  '0119': { owners: ['LDS'] },
  '0120': { owners: ['LDS'] },
  '0121': { owners: ['YZGS'] },
  '0122': { owners: ['DXGS'] },
  '0123': { owners: ['YZGS'] },
  '0124': { owners: ['CGJ'] },
  '0125': { owners: ['SCJG'], maintainer: 'street' },
  '0126': { owners: ['street'] },
  '0127': { owners: ['SZS'] },
  '0128': { owners: ['GJGS'] },
  '0129': { owners: ['RQGS'] },
  '0130': { owners: ['SZS'] },
  '0131': { owners: ['street'] },
  '0132': { owners: ['GSGS'] },
  '0133': { owners: ['GDGS'] },
  '0134': { owners: ['GDGS'] },
  '0135': { owners: ['RQGS'] },
  '0136': { owners: ['GAJ'] },
  '0137': { owners: ['SCJG'], maintainer: 'street' },
  '0138': { owners: ['GAJ'] },
  '0201': { owners: ['JJDD'], maintainer: 'CGJ' },
  '0202': { owners: ['JJDD'] },
  '0203': { owners: ['GJGS'] },
  '0204': { owners: ['JTJ'] },
  '0205': { owners: ['SZS'] },
  '0206': { owners: ['SZS'] },
  '0207': { owners: ['SZS'] },
  '0208': { owners: ['SZS'] },
  '0209': { owners: ['JJDD'] },
  '0210': { owners: ['JJDD'] },
  '0211': { owners: ['JJDD'] },
  '0212': { owners: ['CGJ'] },
  '0213': { owners: ['MZJ'], maintainer: 'SZS' },
  '0214': { owners: ['JJDD'] },
  '0215': { owners: ['JJDD'] },
  '0216': { owners: ['SZS'] },
  '0217': { owners: ['JJDD'] },
  '0301': { owners: ['HWS'] },
  '0302': { owners: ['HWS'] },
  '0303': { owners: ['HWS'] },
  '0304': { owners: ['HWS'] },
  '0305': { owners: ['HWS'] },
  '0306': { owners: ['CGJ'] },
  '0307': { owners: ['CGJ'] },
  '0308': { owners: ['STHJ'] },
  '0309': { owners: ['QXJ'] },
  '0310': { owners: ['STHJ'] },
  '0311': { owners: ['STHJ'] },
  '0401': { owners: ['YLS'] },
  '0402': { owners: ['YLS'] },
  '0403': { owners: ['YLS'] },
  '0404': { owners: ['YLS'] },
  '0405': { owners: ['YLS'] },
  '0406': { owners: ['YLS'] },
  '0407': { owners: ['YLS'] },
  '0408': { owners: ['YLS'] },
  '0409': { owners: ['YLS'] },
  '0410': { owners: ['YLS'] },
  '0501': { owners: ['street'] },
  '0502': { owners: ['ZJJ'] },
  '0503': { owners: ['ZJJ'] },
  '0601': { owners: ['YJJ'] },
  '0602': { owners: ['ZJJ'] },
  '0603': { owners: ['SLJ'] },
  '0604': { owners: ['SLJ'] },
  '0605': { owners: ['JTJ'] },
  '0606': { owners: ['SLJ'] },
};

/** Department rows with ids 1.. in order: county units first, then one office per street/town. */
export function planDepartments(streets: readonly StreetAreaPlan[]): DepartmentRow[] {
  const seeds: DepartmentSeed[] = [
    ...COUNTY_DEPARTMENTS,
    ...streets.map((s) => ({
      code: streetOfficeCode(s.code),
      name: s.level === 'town' ? `${s.name}人民政府` : `${s.name}办事处`,
      kind: 'street' as const,
    })),
  ];
  const idOf = new Map(seeds.map((s, k) => [s.code, k + 1]));
  return seeds.map((s, k) => ({
    id: k + 1,
    code: s.code,
    name: s.name,
    kind: s.kind,
    parentId: s.parent === undefined ? null : idOf.get(s.parent)!,
    level: s.kind === 'street' ? 2 : 1,
    phone: s.phone ?? null,
    active: true,
  }));
}
