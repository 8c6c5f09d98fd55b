// What can be imported, and the fields each kind of row has. Aliases are the column names
// real deliveries use: the CJ/T 214 / GB/T 30428.2 GIS field names (OBJID, BGID, DEPTCODE1...),
// their GB/T 47678.5-2026 pinyin initials (GLBJBSM, SZDYWGBSM, ZGBMDM...), and plain Chinese.
export const IMPORT_TARGETS = ['grids', 'components', 'places', 'departments', 'users', 'pipelines', 'wells'] as const;
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
  geometry: 'point' | 'line' | 'polygon' | 'none';
  fields: readonly TargetField[];
  /** The field rows are matched by on re-import. */
  key: string;
  /** Kept in memory between check and write (small tables), or read again from the file. */
  streaming: boolean;
}

const X = { key: 'x', aliases: ['x', 'lon', 'lng', 'long', 'longitude', '经度', 'pointx', 'xzb', 'x坐标', 'zbx', 'easting'] };
const Y = { key: 'y', aliases: ['y', 'lat', 'latitude', '纬度', 'pointy', 'yzb', 'y坐标', 'zby', 'northing'] };

// 地下管线 deliveries (CJJ 61 管线探测): pinyin initials of the field names (GXBH 管线编号,
// GXLX 管线类型, GJ 管径, MS 埋深, CZ 材质, QSDW 权属单位, JSND 建设年代, JBH 井编号).
const PIPE_KIND = { key: 'kind', required: true, aliases: ['kind', 'type', 'gxlx', 'gxlb', 'gxzl', 'lx', 'lb', '管线类型', '管线类别', '管线种类', '类型', '类别', '管类'] };
const PIPE_OWNER = { key: 'owner', aliases: ['owner', 'qsdw', 'qsdwmc', '权属单位', '权属', '管理单位', '产权单位'] };
const PIPE_DEPTH = { key: 'depth', aliases: ['depth', 'ms', 'mscs', '埋深', '平均埋深', 'js', '井深', '井底埋深'] };

export const TARGETS: Record<ImportTarget, TargetSpec> = {
  pipelines: {
    target: 'pipelines',
    geometry: 'line',
    key: 'code',
    streaming: false,
    fields: [
      { key: 'code', required: true, aliases: ['code', 'id', 'gxbh', 'gdbh', 'bh', 'objid', '管线编号', '管段编号', '编号'] },
      PIPE_KIND,
      { key: 'diameter', aliases: ['diameter', 'dn', 'gj', 'gjdm', 'dmcc', '管径', '断面尺寸', '规格', '口径'] },
      PIPE_DEPTH,
      { key: 'startDepth', aliases: ['qdms', 'startdepth', '起点埋深'] },
      { key: 'endDepth', aliases: ['zdms', 'enddepth', '终点埋深'] },
      { key: 'material', aliases: ['material', 'cz', 'gc', '材质', '管材'] },
      PIPE_OWNER,
      { key: 'year', aliases: ['year', 'jsnd', 'msnd', 'jsrq', 'msrq', '建设年代', '埋设年代', '建设年份', '埋设日期', '建设日期'] },
      { key: 'x1', aliases: ['x1', 'qdx', 'startx', '起点x', '起点x坐标', '起点经度'] },
      { key: 'y1', aliases: ['y1', 'qdy', 'starty', '起点y', '起点y坐标', '起点纬度'] },
      { key: 'x2', aliases: ['x2', 'zdx', 'endx', '终点x', '终点x坐标', '终点经度'] },
      { key: 'y2', aliases: ['y2', 'zdy', 'endy', '终点y', '终点y坐标', '终点纬度'] },
    ],
  },
  wells: {
    target: 'wells',
    geometry: 'point',
    key: 'code',
    streaming: false,
    fields: [
      { key: 'code', required: true, aliases: ['code', 'id', 'jbh', 'dh', 'wtdh', 'bh', '井编号', '点号', '物探点号', '编号'] },
      PIPE_KIND,
      PIPE_DEPTH,
      PIPE_OWNER,
      { key: 'componentId', aliases: ['componentid', 'objid', 'bjbsm', 'glbjbsm', '部件标识码', '部件编码', '井盖编码'] },
      X,
      Y,
    ],
  },
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
