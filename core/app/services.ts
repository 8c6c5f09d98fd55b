// The county's domain services, built once per running county on one database.
import { AlarmService } from '../alarms/service.js';
import { AlarmStore } from '../alarms/store.js';
import { AnalyticsService } from '../analytics/service.js';
import { AuditStore } from '../admin/audit/store.js';
import { InspectorStore } from '../base/people/store.js';
import { LandFeatureStore } from '../base/basemap/store.js';
import { BasemapTiles } from '../base/basemap/tiles.js';
import { BuildingStore } from '../base/buildings/store.js';
import type { AuthStore } from '../base/people/store.js';
import { StreetStore } from '../base/basemap/store.js';
import { BlacklistService } from '../workflow/blacklist/service.js';
import { BlacklistStore } from '../workflow/blacklist/store.js';
import { CalendarService } from '../workflow/calendar/service.js';
import { CalendarStore } from '../workflow/calendar/store.js';
import { CaseStore } from '../workflow/cases/store.js';
import { Workflow } from '../workflow/cases/workflow.js';
import type { Clock } from '../runtime/clock.js';
import { ComponentStore } from '../base/components/store.js';
import { CountyStore } from '../base/county/store.js';
import type { Db } from '../db/database.js';
import { DepartmentStore } from '../base/departments/store.js';
import { CameraStore, SensorStore, VehicleStore } from '../base/devices/store.js';
import { DictionaryStore } from '../base/dictionary/store.js';
import { GBT_30428_2 } from '../base/dictionary/seed.js';
import { DispatchService } from '../workflow/dispatch/service.js';
import { DispatchRuleStore } from '../workflow/dispatch/store.js';
import { EvaluationService } from '../analytics/evaluation/service.js';
import { Geocoder } from '../base/geocode/geocoder.js';
import { FieldService } from '../channels/field/service.js';
import { FieldStore } from '../channels/field/store.js';
import { GridStore } from '../base/grids/store.js';
import { IotStore } from '../channels/iot/store.js';
import { SensorService } from '../channels/iot/service.js';
import { VehicleService } from '../channels/vehicles/service.js';
import { VehiclePositionStore } from '../channels/vehicles/store.js';
import type { Logger } from '../runtime/log.js';
import { AttachmentService } from '../workflow/attachments/service.js';
import { ChannelKeyService } from '../channels/intake/keys.js';
import { IntakeService } from '../channels/intake/service.js';
import { IntakeStore } from '../channels/intake/store.js';
import { SubmissionService } from '../channels/intake/submissions.js';
import { LimitsService } from '../workflow/limits/service.js';
import { LimitsStore } from '../workflow/limits/store.js';
import { PlaceStore } from '../base/places/store.js';
import { AreaStore } from '../base/areas/store.js';
import type { EventHub } from '../server/events.js';
import { SettingsStore, cacheLifetimeMs } from '../workflow/settings/store.js';
import { TilesetService } from '../wall/tiles/service.js';
import { TilesetStore } from '../wall/tiles/store.js';
import { WallService } from '../wall/service.js';
import { WallStore } from '../wall/store.js';
import { NotificationService } from '../notify/service.js';
import { NotifyStore } from '../notify/store.js';
import { countyAlarmDoor } from '../channels/jt808/alarms.js';
import { MuckTruckService } from '../channels/jt808/service.js';
import { MuckAlarmStore, MuckPermitStore, MuckSiteStore, MuckTruckStore } from '../channels/jt808/store.js';
import { PipelineService } from '../base/pipelines/service.js';

export interface CountyServices {
  /** The audit trail and security log (hash-chained). */
  audit: AuditStore;
  settings: SettingsStore;
  county: CountyStore;
  /** 行政区划: streets/towns and communities. */
  areas: AreaStore;
  dictionary: DictionaryStore;
  departments: DepartmentStore;
  grids: GridStore;
  streets: StreetStore;
  places: PlaceStore;
  components: ComponentStore;
  inspectors: InspectorStore;
  calendarStore: CalendarStore;
  calendars: CalendarService;
  limitsStore: LimitsStore;
  limits: LimitsService;
  cases: CaseStore;
  dispatchRules: DispatchRuleStore;
  dispatch: DispatchService;
  blacklistStore: BlacklistStore;
  blacklist: BlacklistService;
  geocoder: Geocoder;
  workflow: Workflow;
  intake: IntakeService;
  analytics: AnalyticsService;
  evaluation: EvaluationService;
  intakeStore: IntakeStore;
  channelKeys: ChannelKeyService;
  submissions: SubmissionService;
  field: FieldService;
  sensors: SensorService;
  vehicles: VehicleService;
  /** The wall's 3D models (buildings tileset, registered 实景三维). */
  tilesets: TilesetService;
  /** The county base map as imagery tiles. */
  basemap: BasemapTiles;
  /** The command wall's reads. */
  wall: WallService;
  /** 消息通知: contacts and the outbox. */
  notifyStore: NotifyStore;
  /** 消息通知: rules → messages → deliveries (its worker runs while the server does). */
  notifications: NotificationService;
  /** 告警中心: raise(), the list, seen/handled (docs/ALARMS.md). */
  alarms: AlarmService;
  /** 渣土车: JT/T 808 terminals, permits, alarms. */
  muckTrucks: MuckTruckService;
  /** 地下管线: pipes and wells. */
  pipelines: PipelineService;
}

export function buildServices(db: Db, clock: Clock, events: EventHub, authStore: AuthStore, dataDir = '', log: Logger): CountyServices {
  const audit = new AuditStore(db);
  const settings = new SettingsStore(db);
  const county = new CountyStore(db);
  const areas = new AreaStore(db);
  const dictionary = new DictionaryStore(db);
  const departments = new DepartmentStore(db);
  const grids = new GridStore(db);
  const streets = new StreetStore(db);
  const places = new PlaceStore(db);
  const components = new ComponentStore(db);
  const inspectors = new InspectorStore(db);
  const calendarStore = new CalendarStore(db);
  const calendars = new CalendarService(calendarStore, settings, cacheLifetimeMs(db));
  const limitsStore = new LimitsStore(db);
  const limits = new LimitsService(limitsStore, settings, async () => (await dictionary.activeStandard())?.id ?? GBT_30428_2, cacheLifetimeMs(db));
  const cases = new CaseStore(db);
  const dispatchRules = new DispatchRuleStore(db);
  const dispatch = new DispatchService(dispatchRules, cacheLifetimeMs(db));
  const blacklistStore = new BlacklistStore(db);
  const blacklist = new BlacklistService(blacklistStore, cases, settings, events);
  const countyNames = async () => {
    const c = await county.get();
    if (!c) return [];
    const plain = c.name.replace(/[（(].*$/, '');
    return [c.name, plain];
  };
  const geocoder = new Geocoder(grids, places, countyNames);
  const workflow = new Workflow(
    db,
    cases,
    calendars,
    limits,
    settings,
    {
      departmentActive: async (id) => (await departments.get(id))?.active === true,
      inspectorsOfGrid: async (grid) => await inspectors.inspectorsOfGrid(grid),
      inspectorHoldsGrid: async (user, grid) => await inspectors.holdsGrid(user, grid),
      isInspector: async (user) => (await authStore.rolesOf(user)).includes('inspector'),
      autoDispatchDepartment: async (row) => {
        const rule = await dispatch.match(row);
        return rule && { departmentId: rule.departmentId, ruleId: rule.id };
      },
      checkBlacklist: async (row, now) => await blacklist.check(row, now),
    },
    clock,
    events,
  );
  const alarms = new AlarmService(db, new AlarmStore(db), settings, clock, events, log);
  alarms.attach(workflow);
  const intake = new IntakeService(workflow, dictionary, components, geocoder, async () => await county.get());
  const analytics = new AnalyticsService(db, cases, calendars, limits, dictionary, clock);
  analytics.attach(workflow);
  const evaluation = new EvaluationService(analytics, settings, events);
  evaluation.attach(workflow);
  const notifyStore = new NotifyStore(db);
  const notifications = new NotificationService({
    db,
    store: notifyStore,
    settings,
    cases,
    calendars,
    departmentName: async (id) => (await departments.get(id))?.name ?? null,
    className: async (row) => (await dictionary.get(row.standardId, row.kind, row.classCode))?.name ?? row.classCode,
    clock,
    log,
    events,
  });
  notifications.attach(workflow);
  notifications.listenToAlarms(alarms);
  const intakeStore = new IntakeStore(db);
  const channelKeys = new ChannelKeyService(intakeStore, clock);
  const submissions = new SubmissionService(db, intake, cases, intakeStore, new AttachmentService(dataDir, cases, clock), settings, clock);
  const sensors = new SensorService(db, new IotStore(db), new SensorStore(db), cases, components, dictionary, intake, settings, clock, events, log, alarms);
  const vehicles = new VehicleService(new VehicleStore(db), new VehiclePositionStore(db), clock, events);
  const field = new FieldService(new FieldStore(db), inspectors, grids, calendars, settings, clock, events);
  const buildings = new BuildingStore(db);
  const tilesets = new TilesetService(new TilesetStore(db), buildings, dataDir, clock, events);
  const basemap = new BasemapTiles(
    { db, county, streets, landFeatures: new LandFeatureStore(db), grids, buildings },
    dataDir,
    () => clock.now(),
  );
  const wall = new WallService({
    wall: new WallStore(db),
    county,
    grids,
    dictionary,
    cameras: new CameraStore(db),
    sensors: new SensorStore(db),
    vehicles: new VehicleStore(db),
    clock,
  });
  const muckTrucks = new MuckTruckService(
    new MuckTruckStore(db), new MuckPermitStore(db), new MuckSiteStore(db), new MuckAlarmStore(db), settings,
    countyAlarmDoor(intake, dictionary, alarms, log), clock, events, log,
  );
  const pipelines = new PipelineService(db);
  return {
    audit, muckTrucks, pipelines,
    settings, county, areas, dictionary, departments, grids, streets, places, components, inspectors, calendarStore, calendars,
    limitsStore, limits, cases, dispatchRules, dispatch, blacklistStore, blacklist, geocoder, workflow, intake,
    intakeStore, channelKeys, submissions, field, sensors, vehicles, analytics, evaluation,
    tilesets, basemap, wall, alarms, notifyStore, notifications,
  };
}
