// What can be imported, and the fields each kind of row has. Aliases are the column names
// real deliveries use: the CJ/T 214 / GB/T 30428.2 GIS field names (OBJID, BGID, DEPTCODE1...),
// their GB/T 47678.5-2026 pinyin initials (GLBJBSM, SZDYWGBSM, ZGBMDM...), and plain Chinese.
export const IMPORT_TARGETS = ['grids', 'components', 'places', 'departments', 'users'] as const;
export type ImportTarget = (typeof IMPORT_TARGETS)[number];

export interface TargetField {
  key: string;
  required?: boolean;
  /** Column names that map to this field without asking (compared without case, spaces or _). */
  aliases: readonly string[];
}

export interface TargetSpec {
  target: ImportTarget;
  /** What geometry a row needs: a point (from the shape or x/y columns), a polygon, or none. */
  geometry: 'point' | 'polygon' | 'none';
  fields: readonly TargetField[];
  /** The field rows are matched by on re-import. */
  key: string;
  /** Kept in memory between check and write (small tables), or read again from the file. */
  streaming: boolean;
}

const X = { key: 'x', aliases: ['x', 'lon', 'lng', 'long', 'longitude', '经度', 'pointx', 'xzb', 'x坐标', 'zbx', 'easting'] };
const Y = { key: 'y', aliases: ['y', 'lat', 'latitude', '纬度', 'pointy', 'yzb', 'y坐标', 'zby', 'northing'] };

export const TARGETS: Record<ImportTarget, TargetSpec> = {
  grids: {
    target: 'grids',
    geometry: 'polygon',
    key: 'code',
    streaming: false,
    fields: [
      { key: 'code', required: true, aliases: ['bgid', 'bgcode', 'szdywgbsm', 'dywgbsm', 'wgbm', '网格编码', '单元网格编码', '网格代码', 'gridcode', 'code'] },
      { key: 'streetName', aliases: ['jdmc', 'streetname', '街道', '街道名称', '所属街道', 'street'] },
      { key: 'communityName', aliases: ['sqmc', 'communityname', '社区', '社区名称', '所属社区', 'community'] },
    ],
  },
  components: {
    target: 'components',
    geometry: 'point',
    key: 'id',
    streaming: true,
    fields: [
      { key: 'id', required: true, aliases: ['objid', 'objcode', 'glbjbsm', 'bsm', 'bjbsm', '部件标识码', '标识码', '部件编码', 'id'] },
      { key: 'classCode', aliases: ['classcode', 'xldm', 'bjxl', '小类代码', '部件小类', 'lbdm'] },
      { key: 'name', aliases: ['objname', 'glbjmc', 'bjmc', '部件名称', '名称', 'name'] },
      { key: 'state', aliases: ['objstate', 'glbjzt', 'bjzt', '状态', '部件状态', 'state'] },
      { key: 'owner', aliases: ['deptcode1', 'zgbmdm', 'deptname1', 'zgbmmc', '主管部门', '主管部门代码', '主管部门名称'] },
      { key: 'maintainer', aliases: ['deptcode3', 'yhdwdm', 'deptname3', 'yhdwmc', '养护单位', '养护单位代码', '养护单位名称'] },
      { key: 'gridCode', aliases: ['bgid', 'bgcode', 'szdywgbsm', '所在单元网格', '单元网格', '网格编码', 'gridcode'] },
      { key: 'createdDate', aliases: ['ordate', 'csrq', '初始日期'] },
      { key: 'changedDate', aliases: ['chdate', 'bgrq', '变更日期'] },
      { key: 'dataSource', aliases: ['datasource', 'sjly', '数据来源'] },
      { key: 'note', aliases: ['note', 'bz', '备注'] },
      X,
      Y,
    ],
  },
  places: {
    target: 'places',
    geometry: 'point',
    key: 'code',
    streaming: true,
    fields: [
      { key: 'code', aliases: ['dzbm', 'mpbm', '地址编码', '门牌编码', 'code', 'id'] },
      { key: 'kind', aliases: ['kind', 'type', 'lx', '类型', '地名类别'] },
      { key: 'name', required: true, aliases: ['name', 'mc', 'dzmc', '名称', '地名', '地址', '标准地址'] },
      { key: 'streetName', aliases: ['jlxmc', 'street', 'streetname', '街路巷', '街巷', '道路名称', '街路巷名称'] },
      { key: 'houseNo', aliases: ['mph', 'houseno', '门牌号', '门牌'] },
      X,
      Y,
    ],
  },
  departments: {
    target: 'departments',
    geometry: 'none',
    key: 'code',
    streaming: false,
    fields: [
      { key: 'code', required: true, aliases: ['bmdm', 'deptcode', 'code', '部门代码', '部门编码', '单位代码'] },
      { key: 'name', required: true, aliases: ['bmmc', 'deptname', 'name', '部门名称', '单位名称', '名称'] },
      { key: 'kind', aliases: ['kind', 'type', 'lx', '类型', '部门类型'] },
      { key: 'parentCode', aliases: ['parentcode', 'parent', 'sjbmdm', '上级部门代码', '上级部门'] },
      { key: 'level', aliases: ['level', 'jb', '级别', '层级'] },
      { key: 'phone', aliases: ['phone', 'tel', 'lxdh', '电话', '联系电话'] },
      { key: 'active', aliases: ['active', 'enabled', 'qy', '启用', '状态'] },
    ],
  },
  users: {
    target: 'users',
    geometry: 'none',
    key: 'username',
    streaming: false,
    fields: [
      { key: 'username', required: true, aliases: ['username', 'login', 'account', 'yhm', 'zh', '用户名', '账号', '登录名'] },
      { key: 'displayName', required: true, aliases: ['displayname', 'name', 'xm', '姓名', '名称'] },
      { key: 'roles', required: true, aliases: ['roles', 'role', 'js', '角色'] },
      { key: 'department', aliases: ['deptcode', 'department', 'bmdm', '部门代码', '部门', '所属部门'] },
      { key: 'phone', aliases: ['phone', 'mobile', 'sj', '电话', '手机', '手机号'] },
      { key: 'password', aliases: ['password', 'mm', '密码', '初始密码'] },
      { key: 'grids', aliases: ['grids', 'zrwg', '责任网格', '网格'] },
      { key: 'active', aliases: ['active', 'enabled', '启用', '状态'] },
    ],
  },
};

/** Column name as compared with aliases: lower case, no spaces, underscores or hyphens. */
export function normalName(name: string): string {
  return name.toLowerCase().replace(/[\s_\-.()（）]/g, '');
}

/** Target field -> source column. */
export type FieldMapping = Record<string, string>;

/** The mapping a file suggests by its column names; each column is used once. */
export function guessMapping(target: ImportTarget, columns: readonly string[]): FieldMapping {
  const mapping: FieldMapping = {};
  const used = new Set<string>();
  const byName = new Map(columns.map((c) => [normalName(c), c]));
  for (const field of TARGETS[target].fields) {
    for (const alias of field.aliases) {
      const column = byName.get(normalName(alias));
      if (column !== undefined && !used.has(column)) {
        mapping[field.key] = column;
        used.add(column);
        break;
      }
    }
  }
  return mapping;
}
