// The county's domain services, built once per running county on one database.
import { AlarmService } from '../alarms/index.js';
import { AlarmStore } from '../alarms/index.js';
import { AnalyticsService, columnFilePath } from '../analytics/index.js';
import { AuditStore } from '../admin/audit/index.js';
import { InspectorStore } from '../base/people/index.js';
import { LandFeatureStore } from '../base/basemap/index.js';
import { BasemapTiles } from '../base/basemap/index.js';
import { BuildingStore } from '../base/buildings/index.js';
import type { AuthStore } from '../base/people/index.js';
import { StreetStore } from '../base/basemap/index.js';
import { BlacklistService } from '../workflow/blacklist/index.js';
import { BlacklistStore } from '../workflow/blacklist/index.js';
import { CalendarService } from '../workflow/calendar/index.js';
import { CalendarStore } from '../workflow/calendar/index.js';
import { CaseStore } from '../workflow/cases/index.js';
import { Workflow } from '../workflow/cases/index.js';
import type { Clock } from '../runtime/clock.js';
import { ComponentStore } from '../base/components/index.js';
import { CountyStore } from '../base/county/index.js';
import type { Db } from '../db/database.js';
import { DepartmentStore } from '../base/departments/index.js';
import { CameraStore, SensorStore, VehicleStore } from '../base/devices/index.js';
import { DictionaryStore } from '../base/dictionary/index.js';
import { GBT_30428_2 } from '../base/dictionary/index.js';
import { DispatchService } from '../workflow/dispatch/index.js';
import { DispatchRuleStore } from '../workflow/dispatch/index.js';
import { EvaluationService } from '../analytics/evaluation/index.js';
import { Geocoder } from '../base/geocode/index.js';
import { FieldService } from '../channels/field/index.js';
import { FieldStore } from '../channels/field/index.js';
import { GridStore } from '../base/grids/index.js';
import { IotStore } from '../channels/iot/index.js';
import { SensorService } from '../channels/iot/index.js';
import { VehicleService } from '../channels/vehicles/index.js';
import { VehiclePositionStore } from '../channels/vehicles/index.js';
import type { Logger } from '../runtime/log.js';
import { AttachmentService } from '../workflow/attachments/index.js';
import { HealthStore } from '../server/health/index.js';
import { HeatmapService } from '../analytics/heatmap/index.js';
import { BackupRunStore, BackupScheduler, BackupService } from '../admin/backup/index.js';
import { ImportService } from '../admin/imports/index.js';
import { RosterStore } from '../base/roster/index.js';
import { ChannelKeyService } from '../channels/intake/index.js';
import { IntakeService } from '../channels/intake/index.js';
import { IntakeStore } from '../channels/intake/index.js';
import { SubmissionService } from '../channels/intake/index.js';
import { LimitsService } from '../workflow/limits/index.js';
import { LimitsStore } from '../workflow/limits/index.js';
import { PlaceStore } from '../base/places/index.js';
import { AreaStore } from '../base/areas/index.js';
import type { EventHub } from '../server/events.js';
import { SettingsStore, cacheLifetimeMs } from '../workflow/settings/index.js';
import { TilesetService } from '../wall/tiles/index.js';
import { TilesetStore } from '../wall/tiles/index.js';
import { WallService } from '../wall/index.js';
import { WallStore } from '../wall/index.js';
import { NotificationService } from '../notify/index.js';
import { NotifyStore } from '../notify/index.js';
import { CampaignService } from '../campaigns/index.js';
import { CampaignStore } from '../campaigns/index.js';
import { countyAlarmDoor } from '../channels/jt808/index.js';
import { MuckTruckService } from '../channels/jt808/index.js';
import { MuckAlarmStore, MuckPermitStore, MuckSiteStore, MuckTruckStore } from '../channels/jt808/index.js';
import { PipelineService } from '../base/pipelines/index.js';

export interface CountyServices {
  /** The audit trail and security log (hash-chained). */
  audit: AuditStore;
  /** What /api/health counts. */
  health: HealthStore;
  /** Water, green and land use (drawn on the base map and the citizen page's map). */
  landFeatures: LandFeatureStore;
  /** Photos and files checked by decoding and stored by their SHA-256. */
  attachments: AttachmentService;
  /** The heatmap explorer's queries over the analytics columns. */
  heatmap: HeatmapService;
  /** Full backups of this county (database snapshot and attachments). */
  backups: BackupService;
  /** Scheduled backups: daily at the policy's county time, retention, the second folder. */
  backupSchedule: BackupScheduler;
  /** The backups made, scheduled or by hand. */
  backupRuns: BackupRunStore;
  /** 一格六员: who answers for each grid. */
  roster: RosterStore;
  /** Imports of the county's own survey, run in a worker thread. */
  imports: ImportService;
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
  /** 专项普查 / 专项整治. */
  campaigns: CampaignService;
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
  const intake = new IntakeService(workflow, dictionary, components, geocoder, () => county.get());
  // The heatmap columns keep a file beside the database (none for a database without a folder).
  const analytics = new AnalyticsService(db, cases, calendars, limits, dictionary, clock, dataDir ? columnFilePath(dataDir) : undefined);
  analytics.attach(workflow);
  const evaluation = new EvaluationService(analytics, settings, events);
  evaluation.attach(workflow);
  const notifyStore = new NotifyStore(db);
  const notifications = new NotificationService({
    db,
    audit,
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
  const campaigns = new CampaignService({ db, store: new CampaignStore(db), grids, dictionary, inspectors, auth: authStore, calendars, clock, events });
  const intakeStore = new IntakeStore(db);
  const channelKeys = new ChannelKeyService(intakeStore, clock);
  const attachments = new AttachmentService(dataDir, cases, clock);
  const submissions = new SubmissionService(db, intake, cases, intakeStore, attachments, settings, clock);
  const landFeatures = new LandFeatureStore(db);
  const sensors = new SensorService(db, new IotStore(db), new SensorStore(db), cases, components, dictionary, intake, settings, clock, events, log, alarms);
  const vehicles = new VehicleService(new VehicleStore(db), new VehiclePositionStore(db), clock, events);
  const field = new FieldService(new FieldStore(db), inspectors, grids, calendars, settings, clock, events);
  const buildings = new BuildingStore(db);
  const tilesets = new TilesetService(new TilesetStore(db), buildings, dataDir, clock, events);
  const basemap = new BasemapTiles(
    { db, county, streets, landFeatures, grids, buildings },
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
  const health = new HealthStore(db);
  const heatmap = new HeatmapService(analytics);
  const backups = new BackupService(db, dataDir);
  const backupRuns = new BackupRunStore(db);
  const backupSchedule = new BackupScheduler({ db, runs: backupRuns, backups, settings, alarms, audit, clock, log, dataDir });
  const roster = new RosterStore(db);
  const imports = new ImportService(db, dataDir, clock, events, log);
  return {
    health, landFeatures, attachments, heatmap, backups, backupSchedule, backupRuns, roster, imports,
    audit, muckTrucks, pipelines,
    settings, county, areas, dictionary, departments, grids, streets, places, components, inspectors, calendarStore, calendars,
    limitsStore, limits, cases, dispatchRules, dispatch, blacklistStore, blacklist, geocoder, workflow, intake,
    intakeStore, channelKeys, submissions, field, sensors, vehicles, analytics, evaluation,
    tilesets, basemap, wall, alarms, notifyStore, notifications, campaigns,
  };
}
