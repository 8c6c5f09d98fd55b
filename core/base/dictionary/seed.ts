// The classification dictionary as data, transcribed from DOMAIN.md §1.2-1.5.
// Two standards side by side: GB/T 30428.2-2013 (active: 4-digit classes, 16-digit IDs) and
// GB/T 47678.5-2026 (inactive until a county switches: 5-digit classes, 17-digit IDs).
// A code of 2 digits (or the big-class prefix alone) is a big class; longer codes are small
// classes. Markers: [S] one source only, [U] unconfirmed; a county edits these, they are
// defaults, never truths. Local extensions (21..) are examples, flagged local_extension.
import type { Db } from '../../db/database.js';
import { DictionaryStore, type ClassKind, type ClassRow, type ClassStandardRow } from './store.js';

export const GBT_30428_2 = 'GB/T 30428.2-2013';
export const GBT_47678_5 = 'GB/T 47678.5-2026';

/** [code, Chinese name, English name, local extension?] */
type Entry = readonly [code: string, name: string, nameEn: string | null, localExtension?: 'local'];

interface StandardSeed {
  standard: ClassStandardRow;
  component: readonly Entry[];
  event: readonly Entry[];
}

// GB/T 30428.2-2013 components (部件), §1.1-1.2: codes confirmed by two implementations.
const components2013: readonly Entry[] = [
  ['01', '公用设施', 'Public utilities'],
  ['0101', '上水井盖', 'Water-supply manhole cover'],
  ['0102', '污水井盖', 'Sewer manhole cover'],
  ['0103', '雨水井盖', 'Storm-water manhole cover'],
  ['0104', '雨水箅子', 'Storm-drain grate'],
  ['0105', '电力井盖', 'Power manhole cover'],
  ['0106', '路灯井盖', 'Street-lighting manhole cover'],
  ['0107', '通讯井盖', 'Telecom manhole cover'],
  ['0108', '电视井盖', 'Cable-TV manhole cover'],
  ['0109', '网络井盖', 'Network manhole cover'],
  ['0110', '热力井盖', 'District-heating manhole cover'],
  ['0111', '燃气井盖', 'Gas manhole cover'],
  ['0112', '公安井盖', 'Police manhole cover'],
  ['0113', '消防设施', 'Fire-fighting facility'],
  ['0114', '无主井盖', 'Ownerless manhole cover'],
  ['0115', '通讯交接箱', 'Telecom cross-connect cabinet'],
  ['0116', '电力设施', 'Power facility'],
  ['0117', '立杆', 'Utility pole'],
  ['0118', '路灯', 'Street lamp'],
  ['0119', '地灯', 'In-ground light'],
  ['0120', '景观灯', 'Landscape light'],
  ['0121', '报刊亭', 'Newsstand'],
  ['0122', '电话亭', 'Telephone booth'],
  ['0123', '邮筒', 'Post box'],
  ['0124', '信息亭', 'Information kiosk'],
  ['0125', '自动售货机', 'Vending machine'],
  ['0126', '健身设施', 'Fitness equipment'],
  ['0127', '中水井盖', 'Reclaimed-water manhole cover'],
  ['0128', '公交井盖', 'Public-transport manhole cover'],
  ['0129', '输油(气)井盖', 'Oil or gas pipeline manhole cover'],
  ['0130', '特殊井盖', 'Special manhole cover'],
  ['0131', '民用水井', 'Domestic well'],
  ['0132', '供水器', 'Water supply point'],
  ['0133', '高压线铁塔', 'High-voltage pylon'],
  ['0134', '变压器(箱)', 'Transformer (box)'],
  ['0135', '燃气调压站(箱)', 'Gas pressure-regulating station (box)'],
  ['0136', '监控电子眼', 'Surveillance camera'],
  ['0137', '售货亭', 'Sales kiosk'],
  ['0138', '治安岗亭', 'Police sentry box'],
  ['02', '道路交通', 'Roads and traffic'],
  ['0201', '停车场', 'Car park'],
  ['0202', '停车咪表', 'Parking meter'],
  ['0203', '公交站亭', 'Bus shelter'],
  ['0204', '出租车站牌', 'Taxi stand sign'],
  ['0205', '过街天桥', 'Pedestrian overpass'],
  ['0206', '地下通道', 'Pedestrian underpass'],
  ['0207', '高架立交桥', 'Flyover interchange'],
  ['0208', '跨河桥', 'River bridge'],
  ['0209', '交通标志牌', 'Traffic sign'],
  ['0210', '交通信号灯', 'Traffic light'],
  ['0211', '交通护栏', 'Traffic guardrail'],
  ['0212', '存车支架', 'Bicycle rack'],
  ['0213', '路名牌', 'Street-name sign'],
  ['0214', '交通信号设施', 'Traffic signal equipment'],
  ['0215', '道路信息显示屏', 'Road information display'],
  ['0216', '道路隔音屏', 'Road noise barrier'],
  ['0217', '交通岗亭', 'Traffic police booth'],
  ['03', '市容环境', 'City appearance and environment'],
  ['0301', '公共厕所', 'Public toilet'],
  ['0302', '化粪池', 'Septic tank'],
  ['0303', '公厕指示牌', 'Public-toilet sign'],
  ['0304', '垃圾间(楼)', 'Refuse room'],
  ['0305', '垃圾箱', 'Litter bin'],
  ['0306', '灯箱霓虹灯', 'Light box or neon sign'],
  ['0307', '广告牌匾', 'Billboard or shop sign'],
  ['0308', '环保监测站', 'Environmental monitoring station'],
  ['0309', '气象监测站', 'Weather station'],
  ['0310', '污水口监测站', 'Sewage-outfall monitoring station'],
  ['0311', '噪声显示屏', 'Noise display'], // [S] one list only
  ['04', '园林绿化', 'Landscaping and greening'],
  ['0401', '古树名木', 'Ancient or notable tree'],
  ['0402', '行道树', 'Street tree'],
  ['0403', '护树设施', 'Tree guard'],
  ['0404', '花架花钵', 'Flower stand or planter'],
  ['0405', '绿地', 'Green space'],
  ['0406', '雕塑', 'Sculpture'],
  ['0407', '街头坐椅', 'Street bench'],
  ['0408', '绿地护栏', 'Green-space fence'],
  ['0409', '绿地维护设施', 'Green-space maintenance facility'],
  ['0410', '喷泉', 'Fountain'],
  ['05', '房屋土地', 'Buildings and land'],
  ['0501', '宣传栏', 'Notice board'],
  ['0502', '人防工事', 'Civil air-defence works'],
  ['0503', '公房地下室', 'Public-housing basement'],
  ['06', '其他设施', 'Other facilities'],
  ['0601', '重大危险源', 'Major hazard installation'],
  ['0602', '工地', 'Construction site'],
  ['0603', '水域附属设施', 'Waterway ancillary facility'],
  ['0604', '水域护栏', 'Waterside railing'],
  ['0605', '港监设施', 'Harbour-supervision facility'], // [S] one list only
  ['0606', '防汛墙', 'Flood wall'],
  // Local extensions: examples of the 21xx practice seen in one implementation, not national codes.
  ['21', '扩展部件', 'Local extension', 'local'],
  ['2101', '防蚊闸', 'Mosquito gate', 'local'],
  ['2115', '泵站', 'Pumping station', 'local'],
  ['2124', '加油站', 'Filling station', 'local'],
  ['2133', '电梯', 'Lift', 'local'],
];

// GB/T 30428.2-2013 events (事件), §1.3-1.4. xx99 catch-alls follow the S4 convention [S].
const events2013: readonly Entry[] = [
  ['01', '市容环境', 'City appearance and environment'],
  ['0101', '私搭乱建', 'Illegal structure'],
  ['0102', '暴露垃圾', 'Exposed rubbish'],
  ['0103', '积存垃圾渣土', 'Accumulated rubbish and spoil'],
  ['0104', '道路不洁', 'Unclean road'],
  ['0105', '水域不洁', 'Unclean waterway'],
  ['0106', '绿地脏乱', 'Untidy green space'],
  ['0107', '废弃车辆', 'Abandoned vehicle'],
  ['0108', '废弃家具设备', 'Abandoned furniture or equipment'],
  ['0109', '非装饰性树挂', 'Non-decorative items hung on trees'],
  // 0110-0118 [U]: the lists diverge here; this is S4's numbering.
  ['0110', '道路破损', 'Damaged road surface'],
  ['0111', '河堤破损', 'Damaged embankment'],
  ['0112', '道路遗撒', 'Spillage on the road'],
  ['0113', '建筑物外立面不洁', 'Dirty building facade'],
  ['0114', '水域秩序问题', 'Disorder on the waterway'],
  ['0115', '焚烧树叶垃圾', 'Burning leaves or rubbish'],
  ['0116', '油烟污染', 'Cooking-fume pollution'],
  ['0117', '动物尸体清理', 'Animal carcass'],
  ['0118', '私自饲养家禽家畜', 'Unauthorised poultry or livestock'],
  ['0199', '其他市容环境问题', 'Other city-appearance problem'],
  ['02', '宣传广告', 'Publicity and advertising'],
  ['0201', '非法小广告', 'Illegal small advertisement'],
  ['0202', '违章张贴悬挂广告牌匾', 'Illegally posted or hung advertisement'],
  ['0203', '占道广告牌', 'Advertising board on the road'],
  ['0204', '街头散发广告', 'Leafleting in the street'],
  ['0205', '广告招牌破损', 'Damaged advertising sign'], // [U] S4's meaning; Beijing differs
  ['0299', '其他宣传广告问题', 'Other publicity problem'],
  ['03', '施工管理', 'Construction management'],
  ['0301', '施工扰民', 'Construction nuisance'],
  ['0302', '工地扬尘', 'Construction dust'],
  // 0303-0305 [U]: S4's numbering; Beijing orders them differently.
  ['0303', '施工废弃料', 'Construction waste'],
  ['0304', '施工占道', 'Construction occupying the road'],
  ['0305', '无证掘路', 'Unlicensed road excavation'],
  ['0399', '其他施工管理问题', 'Other construction problem'],
  ['04', '突发事件', 'Emergencies'],
  ['0401', '路面塌陷', 'Road collapse'],
  ['0402', '自来水管破裂', 'Burst water main'],
  ['0403', '燃气管道破裂', 'Gas pipe rupture'],
  ['0404', '下水道堵塞或破损', 'Blocked or damaged sewer'],
  // 0405-0409 [S]: S4 only.
  ['0405', '热力管道破裂', 'Burst heating pipe'],
  ['0406', '道路积水', 'Waterlogged road'],
  ['0407', '道路积雪结冰', 'Snow or ice on the road'],
  ['0408', '架空线缆损坏', 'Damaged overhead cable'],
  ['0409', '群发性事件', 'Mass incident'],
  ['0499', '其他突发事件', 'Other emergency'],
  ['05', '街面秩序', 'Street order'],
  ['0501', '无照经营游商', 'Unlicensed street vendor'],
  ['0502', '流浪乞讨', 'Vagrancy and begging'],
  ['0503', '占道废品收购', 'Scrap collection on the road'],
  ['0504', '店外经营', 'Trading outside the shop'],
  ['0505', '机动车乱停放', 'Illegally parked motor vehicle'],
  ['0506', '非机动车乱停放', 'Illegally parked bicycle or e-bike'],
  ['0507', '乱堆物堆料', 'Piled goods and materials'],
  ['0508', '商业噪音', 'Commercial noise'],
  ['0509', '黑车拉客', 'Unlicensed taxi touting'],
  ['0510', '露天烧烤', 'Open-air barbecue'],
  ['0511', '沿街晾挂', 'Laundry hung along the street'], // [S]
  ['0512', '非法出版物销售', 'Sale of illegal publications'],
  ['0513', '空调室外机低挂', 'Low-mounted air-conditioner unit'], // [S]
  ['0599', '其他街面秩序问题', 'Other street-order problem'],
  ['06', '其他事件', 'Other events'], // [U] the code 06
  ['0699', '其他事件', 'Other event'],
  ['21', '扩展事件', 'Local extension', 'local'], // [S] S4
];

// GB/T 47678.5-2026 as transcribed by a third party (§1.5) [S/U]: the transcription has gaps,
// so only the items DOMAIN.md names are here; a county adds the rest from the official text.
const components2026: readonly Entry[] = [
  ['01', '市政公用设施', 'Municipal utilities'],
  ['01001', '供水井盖', 'Water-supply manhole cover'],
  ['01002', '污水井盖', 'Sewer manhole cover'],
  ['01003', '雨水井盖', 'Storm-water manhole cover'],
  ['01004', '雨水箅子', 'Storm-drain grate'],
  ['01005', '电力井盖', 'Power manhole cover'],
  ['01023', '不明井盖', 'Unidentified manhole cover'],
  ['01037', '路灯', 'Street lamp'],
  ['01054', '充电桩', 'Charging point'],
  ['01077', '综合杆', 'Multi-function pole'],
  ['02', '交通设施', 'Traffic facilities'],
  ['02001', '停车场', 'Car park'],
  ['02044', '公路隧道', 'Road tunnel'],
  ['03', '市容环卫设施', 'Appearance and sanitation facilities'],
  ['03001', '公共厕所', 'Public toilet'],
  ['03005', '垃圾箱', 'Litter bin'],
  ['03006', '户外广告', 'Outdoor advertisement'],
  ['03007', '牌匾标识', 'Shop sign'],
  ['03008', '宣传栏', 'Notice board'],
  ['03016', '烟头收集器或灭烟处', 'Cigarette-butt bin or extinguishing point'],
  ['04', '园林绿化设施', 'Landscaping facilities'],
  ['04001', '古树名木', 'Ancient or notable tree'],
  ['04013', '绿地', 'Green space'],
  ['04014', '林地及林地管护设施', 'Woodland and its facilities'],
  ['05', '其他管理部件', 'Other managed components'],
  ['05002', '公房地下室', 'Public-housing basement'],
  ['05003', '车辆加油（气、电）站', 'Vehicle fuel, gas or charging station'],
  ['05009', '文物古迹', 'Cultural heritage site'],
];

// 管理事项 01-05 mirror the component classes as "<部件>异常" under the same codes (§1.5).
const mirroredMatters: readonly Entry[] = components2026.map(([code, name, nameEn]) =>
  code.length === 2 ? ([code, name, nameEn] as const) : ([code, `${name}异常`, nameEn === null ? null : `${nameEn} fault`] as const),
);

const events2026: readonly Entry[] = [
  ...mirroredMatters,
  ['06', '市容环境类', 'City appearance'],
  ['06001', '私搭乱建', 'Illegal structure'],
  ['06002', '店面无证装修', 'Unlicensed shopfront renovation'],
  ['06003', '违章接坡', 'Illegal kerb ramp'],
  ['06004', '建筑物外立面污损', 'Soiled building facade'],
  ['06007', '沿街晾挂', 'Laundry hung along the street'],
  ['06009', '空调室外机低挂', 'Low-mounted air-conditioner unit'],
  ['06010', '暴露垃圾', 'Exposed rubbish'],
  ['06011', '积存垃圾渣土', 'Accumulated rubbish and spoil'],
  ['06012', '道路不洁', 'Unclean road'],
  ['06013', '道路破损', 'Damaged road surface'],
  ['06014', '道路遗撒（洒）', 'Spillage on the road'],
  ['06017', '绿地脏乱', 'Untidy green space'],
  ['06019', '非装饰性吊挂', 'Non-decorative hangings'],
  ['06020', '焚烧垃圾、树叶', 'Burning rubbish or leaves'],
  ['06025', '水域不洁', 'Unclean waterway'],
  ['06027', '油烟污染', 'Cooking-fume pollution'],
  ['06028', '噪声扰民', 'Noise nuisance'],
  ['06029', '露天烧烤', 'Open-air barbecue'],
  ['06034', '废弃车辆', 'Abandoned vehicle'],
  ['06035', '废弃家具设备', 'Abandoned furniture or equipment'],
  ['06036', '乱堆杂物', 'Piled clutter'],
  ['06040', '私设地锁、阻车桩', 'Private parking locks or bollards'],
  ['06041', '垃圾未分类', 'Unsorted rubbish'],
  ['06042', '垃圾站（箱）满溢', 'Overflowing refuse point'],
  ['06045', '非法占绿毁绿', 'Encroaching on or destroying green space'],
  ['06052', '无障碍坡道破损', 'Damaged accessible ramp'],
  ['07', '宣传广告类', 'Publicity and advertising'],
  ['07001', '非法小广告', 'Illegal small advertisement'],
  ['07002', '街头散发广告', 'Leafleting in the street'],
  ['07003', '违规户外广告', 'Non-compliant outdoor advertisement'],
  ['07004', '广告语言文字不规范', 'Non-standard language in advertisement'],
  ['07006', '违规牌匾标识', 'Non-compliant shop sign'],
  ['07007', '违规标语宣传品', 'Non-compliant banner or slogan'],
  ['07008', '公益性宣传品缺损', 'Damaged public-service publicity'],
  ['08', '施工管理类', 'Construction management'],
  ['08001', '施工扰民', 'Construction nuisance'],
  ['08002', '施工占道', 'Construction occupying the road'],
  ['08003', '无证掘路', 'Unlicensed road excavation'],
  ['08004', '工地扬尘', 'Construction dust'],
  ['08005', '施工废弃料', 'Construction waste'],
  ['08006', '施工物料乱堆放', 'Construction materials piled at random'],
  ['08007', '施工工地围挡问题', 'Site hoarding problem'],
  ['08011', '渣土运输车辆未安装密闭装置', 'Spoil truck without a sealed cover'],
  ['08012', '施工工地车轮夹带', 'Mud carried out on site-vehicle wheels'],
  ['08016', '无证建设', 'Unlicensed construction'],
  ['09', '街面秩序类', 'Street order'],
  ['09001', '无照经营游商', 'Unlicensed street vendor'],
  ['09002', '早（夜）市管理问题', 'Morning or night market problem'],
  ['09003', '流浪乞讨', 'Vagrancy and begging'],
  ['09004', '废品收购乱象', 'Disorderly scrap collection'],
  ['09005', '店外经营', 'Trading outside the shop'],
  ['09006', '占道经营', 'Trading on the road'],
  ['09008', '非法出版物销售', 'Sale of illegal publications'],
  ['09009', '机动车乱停放', 'Illegally parked motor vehicle'],
  ['09010', '非机动车乱停放', 'Illegally parked bicycle or e-bike'],
  ['09011', '共享单车乱象', 'Shared-bike disorder'],
  ['09012', '占用消防通道', 'Blocked fire lane'],
  ['09022', '占道促销宣传', 'Street promotion on the road'],
  ['10', '其他事项类', 'Other matters'],
  ['10001', '道路积雪、结冰', 'Snow or ice on the road'],
  ['10002', '架空线缆脱落', 'Fallen overhead cable'],
];

export const dictionarySeed: readonly StandardSeed[] = [
  {
    standard: { id: GBT_30428_2, name: '数字化城市管理信息系统 第2部分：管理部件和事件', smallCodeDigits: 2, componentIdDigits: 16, active: true },
    component: components2013,
    event: events2013,
  },
  {
    standard: { id: GBT_47678_5, name: '城市运行管理服务平台 第5部分：管理部件和事项', smallCodeDigits: 3, componentIdDigits: 17, active: false },
    component: components2026,
    event: events2026,
  },
];

function classRows(standardId: string, kind: ClassKind, entries: readonly Entry[]): ClassRow[] {
  return entries.map(([code, name, nameEn, local], sort) => ({
    standardId,
    kind,
    code,
    level: code.length === 2 ? 'big' : 'small',
    bigCode: code.slice(0, 2),
    name,
    nameEn,
    localExtension: local === 'local',
    sort,
  }));
}

/** Every class row of the seed, in dictionary order. */
export function seedClassRows(): ClassRow[] {
  return dictionarySeed.flatMap((s) => [...classRows(s.standard.id, 'component', s.component), ...classRows(s.standard.id, 'event', s.event)]);
}

/** Writes the standards a database lacks, with their classes; returns the classes written. */
export async function seedDictionary(db: Db): Promise<number> {
  const store = new DictionaryStore(db);
  return await db.transaction(async () => {
    const present = new Set((await store.listStandards()).map((s) => s.id));
    let written = 0;
    for (const seed of dictionarySeed) {
      if (present.has(seed.standard.id)) continue;
      await store.insertStandards([seed.standard]);
      written += await store.insertMany([...classRows(seed.standard.id, 'component', seed.component), ...classRows(seed.standard.id, 'event', seed.event)]);
    }
    return written;
  });
}
