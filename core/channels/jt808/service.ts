// 渣土清运数字管理: muck trucks' terminals register and authenticate over JT/T 808, report
// positions, and each report is held against the truck's permit (准运证). A broken rule opens
// one alarm per episode and files one case through the intake door, with the track around it
// as evidence; the alarm closes when the truck keeps the rule again.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../runtime/clock.js';
import type { Logger } from '../../runtime/log.js';
import { conflict } from '../../runtime/errors.js';
import type { EventHub } from '../../server/events.js';
import type { SettingsStore } from '../../workflow/settings/index.js';
import { REGISTER_RESULT, ALARM as ALARM_BITS, type Location, type Registration } from './codec.js';
import { ALARM_LABELS, breaches, inWindow, permitOn, type PermitView } from './rules.js';
import type { MuckAlarmKind, MuckAlarmRow, MuckAlarmStore, MuckPermitRow, MuckPermitStore, MuckSiteRow, MuckSiteStore, MuckTruckRow, MuckTruckStore, TruckPosition } from './store.js';
import type { AlarmDoor } from './alarms.js';

export const TRUCK_TOPICS = { position: 'truck.position', alarm: 'truck.alarm' } as const;

/** A terminal that has reported and then says nothing for this long, inside its hours, has gone silent. */
export const SILENT_AFTER_MS = 10 * 60_000;
/** A report further ahead of the server's clock than this is refused (a terminal with a wrong clock). */
const MAX_FUTURE_MS = 5 * 60_000;
/** The evidence: the track from this long before an alarm until it opens. */
const EVIDENCE_BEFORE_MS = 30 * 60_000;
/** Position rows are written in batches: at most this many, or after FLUSH_MS. */
const FLUSH_ROWS = 2000;
const FLUSH_MS = 500;
const ONLINE_MS = 5 * 60_000;

export interface TruckView {
  id: number;
  plate: string;
  company: string | null;
  phone: string;
  registered: boolean;
  lon: number | null;
  lat: number | null;
  speedKmh: number | null;
  headingDeg: number | null;
  seenAt: string | null;
  online: boolean;
  permitCode: string | null;
  openAlarms: MuckAlarmKind[];
}

export interface AlarmView {
  id: number;
  truckId: number;
  plate: string;
  kind: MuckAlarmKind;
  label: { zh: string; en: string };
  openedAt: string;
  closedAt: string | null;
  lon: number | null;
  lat: number | null;
  detail: string;
  caseId: number | null;
}

export class MuckTruckService {
  private trucksByPhone: Map<string, MuckTruckRow> | undefined;
  private permitsByTruck: Map<number, PermitView[]> | undefined;
  private siteMap: Map<number, MuckSiteRow> | undefined;
  private openAlarms: Map<string, MuckAlarmRow> | undefined;
  private pending: TruckPosition[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private silentTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly trucks: MuckTruckStore,
    private readonly permits: MuckPermitStore,
    private readonly sites: MuckSiteStore,
    private readonly alarms: MuckAlarmStore,
    private readonly settings: SettingsStore,
    private readonly door: AlarmDoor,
    private readonly clock: Clock,
    private readonly events: EventHub,
    private readonly log: Logger,
  ) {}

  /** Registers a truck and its terminal's phone number (padded to the 2019 header's 20 digits). */
  async registerTruck(truck: { plate: string; phone: string; company: string | null }): Promise<void> {
    const phone = truck.phone.padStart(20, '0');
    if (await this.trucks.byPlate(truck.plate)) throw conflict(`Truck ${truck.plate} is already registered`);
    if (await this.trucks.byPhone(phone)) throw conflict(`A truck already has terminal ${truck.phone}`);
    await this.trucks.add({ plate: truck.plate, phone, company: truck.company });
    await this.reload();
  }

  async truckByPlate(plate: string): Promise<ReturnType<MuckTruckStore['byPlate']>> {
    return this.trucks.byPlate(plate);
  }

  /** Issues a permit (准运证); its code is unique. */
  async issuePermit(permit: Parameters<MuckPermitStore['insert']>[0]): Promise<number> {
    if ((await this.permits.list({ limit: 10_000 })).some((p) => p.code === permit.code)) throw conflict(`Permit ${permit.code} exists`);
    const id = await this.permits.insert(permit);
    await this.reload();
    return id;
  }

  /** Forget the caches (after permits, sites or trucks change outside this service). */
  async reload(): Promise<void> {
    await this.flush();
    this.trucksByPhone = undefined;
    this.permitsByTruck = undefined;
    this.siteMap = undefined;
    this.openAlarms = undefined;
  }

  private async byPhone(): Promise<Map<string, MuckTruckRow>> {
    this.trucksByPhone ??= new Map((await this.trucks.all()).map((t) => [t.phone, t]));
    return this.trucksByPhone;
  }

  private async truckById(id: number): Promise<MuckTruckRow | undefined> {
    for (const t of (await this.byPhone()).values()) if (t.id === id) return t;
    return undefined;
  }

  private async permitViews(truckId: number): Promise<PermitView[]> {
    if (!this.permitsByTruck) {
      this.permitsByTruck = new Map();
      for (const t of (await this.byPhone()).values()) this.permitsByTruck.set(t.id, []);
      for (const p of await this.permits.list({ limit: 10_000 })) {
        const line = (JSON.parse(p.corridor) as { coordinates: [number, number][] }).coordinates;
        const list = this.permitsByTruck.get(p.truckId) ?? [];
        list.push({ row: p, line });
        this.permitsByTruck.set(p.truckId, list);
      }
    }
    return this.permitsByTruck.get(truckId) ?? [];
  }

  private async siteById(): Promise<Map<number, MuckSiteRow>> {
    this.siteMap ??= new Map((await this.sites.list({ limit: 10_000 })).map((s) => [s.id, s]));
    return this.siteMap;
  }

  private async open(): Promise<Map<string, MuckAlarmRow>> {
    this.openAlarms ??= new Map((await this.alarms.open()).map((a) => [`${a.truckId}|${a.kind}`, a]));
    return this.openAlarms;
  }

  private async local(at: number): Promise<{ date: string; minute: number }> {
    const shifted = new Date(at + (await this.settings.get('calendar')).utcOffsetMinutes * 60_000);
    return { date: shifted.toISOString().slice(0, 10), minute: shifted.getUTCHours() * 60 + shifted.getUTCMinutes() };
  }

  // ---- the terminal's side (called by the JT/T 808 server) -------------------------------

  /** 终端注册: the truck must be in the registry by its terminal phone number, and the plate must be its own. */
  async register(phone: string, r: Registration): Promise<{ result: number; authCode?: string; truck?: MuckTruckRow }> {
    const truck = (await this.byPhone()).get(phone);
    if (!truck) {
      const byPlate = r.plate ? await this.trucks.byPlate(r.plate) : undefined;
      return { result: byPlate ? REGISTER_RESULT.vehicleTaken : REGISTER_RESULT.noTerminal };
    }
    if (r.plate && r.plate !== truck.plate) return { result: REGISTER_RESULT.noVehicle };
    const authCode = randomBytes(8).toString('hex');
    const at = this.clock.now();
    await this.trucks.registered(truck.id, { terminalId: r.terminalId, maker: r.maker, model: r.model, plateColor: r.plateColor, authCode, at });
    Object.assign(truck, { terminalId: r.terminalId, maker: r.maker, model: r.model, plateColor: r.plateColor, authCode, registeredAt: at });
    this.log.info({ plate: truck.plate, phone }, 'jt808: terminal registered');
    return { result: REGISTER_RESULT.success, authCode, truck };
  }

  /** 终端鉴权: the code issued at registration. */
  async authenticate(phone: string, authCode: string): Promise<MuckTruckRow | undefined> {
    const truck = (await this.byPhone()).get(phone);
    if (!truck || truck.authCode === null || truck.authCode !== authCode) return undefined;
    const at = this.clock.now();
    await this.trucks.authenticated(truck.id, at);
    truck.authenticatedAt = at;
    return truck;
  }

  /** Location reports of an authenticated terminal (0x0200, or the items of 0x0704). Returns how many were taken. */
  async report(truck: MuckTruckRow, locations: readonly Location[]): Promise<number> {
    const now = this.clock.now();
    let taken = 0;
    for (const l of locations) {
      if (l.at > now + MAX_FUTURE_MS) continue;
      const row: TruckPosition = { truckId: truck.id, at: l.at, lon: l.lon, lat: l.lat, speedKmh: l.speedKmh, headingDeg: l.headingDeg, alarmFlags: l.alarm, statusFlags: l.status };
      this.pending.push(row);
      taken++;
      const newest = truck.seenAt === null || l.at >= truck.seenAt;
      if (!newest) continue; // a blind-area supplement fills the track; it does not move the truck
      Object.assign(truck, { lon: l.lon, lat: l.lat, speedKmh: l.speedKmh, headingDeg: l.headingDeg, seenAt: l.at });
      this.events.publish(TRUCK_TOPICS.position, { id: truck.id, plate: truck.plate, lon: l.lon, lat: l.lat, speedKmh: l.speedKmh, headingDeg: l.headingDeg, at: new Date(l.at).toISOString() });
      await this.judge(truck, row, (l.alarm & ALARM_BITS.overspeed) !== 0);
    }
    if (this.pending.length >= FLUSH_ROWS) await this.flush();
    else this.flushTimer ??= setTimeout(async () => await this.flush(), FLUSH_MS);
    return taken;
  }

  /** Writes the pending reports in one transaction. */
  async flush(): Promise<void> {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
    }
    if (this.pending.length === 0) return;
    const rows = this.pending;
    this.pending = [];
    await this.trucks.writePositions(rows);
  }

  private async judge(truck: MuckTruckRow, p: TruckPosition, overspeedFlag: boolean): Promise<void> {
    const { date, minute } = await this.local(p.at);
    const permit = permitOn(await this.permitViews(truck.id), date);
    const broken = breaches({ lon: p.lon, lat: p.lat, speedKmh: p.speedKmh, overspeedFlag, date, minute }, permit, await this.siteById());
    const open = await this.open();
    const kinds = new Set(broken.map((b) => b.kind));
    for (const kind of ['off_corridor', 'outside_hours', 'unpermitted_site', 'speeding', 'silent'] as const) {
      const current = open.get(`${truck.id}|${kind}`);
      if (current && !kinds.has(kind)) await this.closeAlarm(current, p.at);
    }
    for (const b of broken) {
      if (!open.has(`${truck.id}|${b.kind}`)) await this.openAlarm(truck, permit?.row ?? null, b.kind, b.detail, p.at, p.lon, p.lat);
    }
  }

  private async openAlarm(truck: MuckTruckRow, permit: MuckPermitRow | null, kind: MuckAlarmKind, detail: string, at: number, lon: number | null, lat: number | null): Promise<void> {
    await this.flush();
    const track = await this.trucks.track(truck.id, at - EVIDENCE_BEFORE_MS, at + 1, 5000);
    const row: Omit<MuckAlarmRow, 'id'> = { truckId: truck.id, permitId: permit?.id ?? null, kind, openedAt: at, closedAt: null, lon, lat, detail, caseId: null, track: JSON.stringify(track) };
    const id = await this.alarms.insert(row);
    const alarm: MuckAlarmRow = { id, ...row };
    (await this.open()).set(`${truck.id}|${kind}`, alarm);
    const { date, minute } = await this.local(at);
    const time = `${date} ${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
    const description =
      `【渣土车告警·${ALARM_LABELS[kind].zh}】${truck.plate}${truck.company ? `（${truck.company}）` : ''}${detail}；` +
      `${permit ? `准运证 ${permit.code}；` : ''}${time}。轨迹证据：报警 #${id}，${track.length} 个定位点（前 ${EVIDENCE_BEFORE_MS / 60_000} 分钟）。`;
    const caseId = await this.door.raise({ kind, truck: { id: truck.id, plate: truck.plate }, alarmId: id, description, title: `渣土车${ALARM_LABELS[kind].zh}：${truck.plate} ${detail}`, at, lon, lat });
    alarm.caseId = caseId;
    await this.alarms.setCase(id, caseId, alarm.track!);
    this.log.info({ plate: truck.plate, kind, caseId }, 'muck truck alarm');
    this.events.publish(TRUCK_TOPICS.alarm, await this.alarmView(alarm));
  }

  private async closeAlarm(alarm: MuckAlarmRow, at: number): Promise<void> {
    await this.alarms.close(alarm.id, at);
    alarm.closedAt = at;
    (await this.open()).delete(`${alarm.truckId}|${alarm.kind}`);
    await this.door.clear({ kind: alarm.kind, truck: { id: alarm.truckId, plate: (await this.truckById(alarm.truckId))?.plate ?? '' }, alarmId: alarm.id, at });
    this.events.publish(TRUCK_TOPICS.alarm, await this.alarmView(alarm));
  }

  /** Trucks inside their permitted hours whose terminal has gone quiet: one 'silent' alarm each. */
  async checkSilent(now = this.clock.now()): Promise<number> {
    let opened = 0;
    const { date, minute } = await this.local(now);
    for (const truck of (await this.byPhone()).values()) {
      if (truck.seenAt === null || now - truck.seenAt < SILENT_AFTER_MS) continue;
      if ((await this.open()).has(`${truck.id}|silent`)) continue;
      const permit = permitOn(await this.permitViews(truck.id), date);
      if (!permit || !inWindow(minute, permit.row.dayStartMin, permit.row.dayEndMin)) continue;
      const quiet = Math.round((now - truck.seenAt) / 60_000);
      await this.openAlarm(truck, permit.row, 'silent', `终端已 ${quiet} 分钟未上报定位（准运时段内）`, now, truck.lon, truck.lat);
      opened++;
    }
    return opened;
  }

  start(): void {
    this.silentTimer = setInterval(async () => {
      try {
        await this.checkSilent();
      } catch (error) {
        this.log.error({ err: error }, 'muck trucks: the silence check failed');
      }
    }, 60_000);
    this.silentTimer.unref();
  }

  async stop(): Promise<void> {
    if (this.silentTimer) clearInterval(this.silentTimer);
    this.silentTimer = undefined;
    await this.flush();
  }

  // ---- the console's side ------------------------------------------------------------------

  async list(): Promise<TruckView[]> {
    const now = this.clock.now();
    const { date } = await this.local(now);
    const open = [...(await this.open()).values()];
    const trucks = [...(await this.byPhone()).values()].sort((a, b) => a.id - b.id);
    const permits = new Map<number, Awaited<ReturnType<typeof this.permitViews>>>();
    for (const t of trucks) permits.set(t.id, await this.permitViews(t.id));
    return trucks.map((t) => ({
        id: t.id,
        plate: t.plate,
        company: t.company,
        phone: t.phone,
        registered: t.authCode !== null,
        lon: t.lon,
        lat: t.lat,
        speedKmh: t.speedKmh,
        headingDeg: t.headingDeg,
        seenAt: t.seenAt === null ? null : new Date(t.seenAt).toISOString(),
        online: t.seenAt !== null && now - t.seenAt <= ONLINE_MS,
        permitCode: permitOn(permits.get(t.id)!, date)?.row.code ?? null,
        openAlarms: open.filter((a) => a.truckId === t.id).map((a) => a.kind),
      }));
  }

  async get(id: number): Promise<MuckTruckRow | undefined> {
    return await this.truckById(id);
  }

  async track(id: number, from: number, to: number): Promise<[number, number, number, number][]> {
    await this.flush();
    return await this.trucks.track(id, from, to);
  }

  async permitList(): Promise<(MuckPermitRow & { plate: string; origin: string; disposal: string })[]> {
    const sites = await this.siteById();
    const list: (MuckPermitRow & { plate: string; origin: string; disposal: string })[] = [];
    for (const p of await this.permits.list({ limit: 10_000 })) {
      list.push({ ...p, plate: (await this.truckById(p.truckId))?.plate ?? '', origin: sites.get(p.originSiteId)?.name ?? '', disposal: sites.get(p.disposalSiteId)?.name ?? '' });
    }
    return list;
  }

  async siteList(): Promise<MuckSiteRow[]> {
    return [...(await this.siteById()).values()];
  }

  async alarmView(a: MuckAlarmRow): Promise<AlarmView> {
    return {
      id: a.id,
      truckId: a.truckId,
      plate: (await this.truckById(a.truckId))?.plate ?? '',
      kind: a.kind,
      label: ALARM_LABELS[a.kind],
      openedAt: new Date(a.openedAt).toISOString(),
      closedAt: a.closedAt === null ? null : new Date(a.closedAt).toISOString(),
      lon: a.lon,
      lat: a.lat,
      detail: a.detail,
      caseId: a.caseId,
    };
  }

  async recentAlarms(sinceMs: number, limit = 200): Promise<AlarmView[]> {
    const views: AlarmView[] = [];
    for (const a of await this.alarms.recent(this.clock.now() - sinceMs, limit)) views.push(await this.alarmView(a));
    return views;
  }

  async alarm(id: number): Promise<(AlarmView & { track: [number, number, number, number][] }) | undefined> {
    const a = await this.alarms.get(id);
    return a && { ...await this.alarmView(a), track: a.track ? (JSON.parse(a.track) as [number, number, number, number][]) : [] };
  }

  async alarmOfCase(caseId: number): Promise<(AlarmView & { track: [number, number, number, number][] }) | undefined> {
    const a = await this.alarms.ofCase(caseId);
    return a && await this.alarm(a.id);
  }
}
