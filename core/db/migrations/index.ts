// The list of migrations, in order. Add a file and a line; never edit an applied one.
import type { Db } from '../database.js';
import { sql as postgresSchema } from './postgres/0001_schema.js';
import { sql as baseData } from './0001_base_data.js';
import { sql as cases } from './0002_cases.js';
import { sql as baseDataFixes } from './0003_base_data_fixes.js';
import { sql as workflow } from './0100_workflow.js';
import { sql as caseCounters } from './0199_case_counters.js';
import { sql as analytics } from './0400_analytics.js';
import { sql as blacklistCount } from './0410_blacklist_count.js';
import { sql as dataAdmin } from './0600_data_admin.js';
import { sql as dataRevisions } from './0601_data_revisions.js';
import { sql as video } from './0300_video.js';
import { sql as recording } from './0310_recording.js';
import { sql as cameraEvents } from './0320_camera_events.js';
import { sql as rtspCameras } from './0321_rtsp_cameras.js';
import { sql as intake } from './0500_intake.js';
import { sql as wall } from './0200_wall.js';
import { up as security } from './0700_security.js';
import { up as caseEventChain } from './0701_case_event_chain.js';
import { sql as accounts } from './0702_accounts.js';
import { sql as backupSchedule } from './0710_backup_schedule.js';
import { sql as alarms } from './0720_alarms.js';
import { sql as landUse } from './0740_land_use.js';
import { sql as calendarStatutory } from './0800_calendar_statutory.js';
import { sql as notifications } from './0801_notifications.js';
import { sql as campaigns } from './0802_campaigns.js';
import { sql as muckTrucks } from './0830_muck_trucks.js';
import { sql as pipelines } from './0831_pipelines.js';
import { sql as importPipelines } from './0832_import_pipelines.js';

export interface Migration {
  id: number;
  name: string;
  /** SQLite's text (the county box). */
  up: string | ((db: Db) => Promise<void>);
  /** PostgreSQL's text of the same step (core/db/migrations/postgres/). */
  postgres?: string | ((db: Db) => Promise<void>);
}

/** A step PostgreSQL's 0001 already holds (its history starts at the schema of 0832). */
const FOLDED = '-- folded into PostgreSQL 0001';

export const migrations: readonly Migration[] = [
  { id: 1, name: 'base data', up: baseData, postgres: postgresSchema },
  { id: 2, name: 'cases', up: cases, postgres: FOLDED },
  { id: 3, name: 'base data fixes', up: baseDataFixes, postgres: FOLDED },
  { id: 100, name: 'workflow', up: workflow, postgres: FOLDED },
  { id: 199, name: 'case counters', up: caseCounters, postgres: FOLDED },
  { id: 200, name: 'command wall', up: wall, postgres: FOLDED },
  { id: 300, name: 'video', up: video, postgres: FOLDED },
  { id: 310, name: 'recording', up: recording, postgres: FOLDED },
  { id: 320, name: 'camera events', up: cameraEvents, postgres: FOLDED },
  { id: 321, name: 'plain RTSP cameras', up: rtspCameras, postgres: FOLDED },
  { id: 400, name: 'analytics', up: analytics, postgres: FOLDED },
  { id: 410, name: 'blacklist count by grid and class', up: blacklistCount, postgres: FOLDED },
  { id: 500, name: 'intake channels', up: intake, postgres: FOLDED },
  { id: 600, name: 'data admin', up: dataAdmin, postgres: FOLDED },
  { id: 601, name: 'data revisions', up: dataRevisions, postgres: FOLDED },
  { id: 700, name: 'security: audit of sign-ins, exports and backups; hash chains', up: security, postgres: FOLDED },
  { id: 701, name: 'security: hash chain of case events', up: caseEventChain, postgres: FOLDED },
  { id: 702, name: 'security: three administrators, password rules, idle sessions', up: accounts, postgres: FOLDED },
  { id: 710, name: 'security: scheduled backups', up: backupSchedule, postgres: FOLDED },
  { id: 720, name: 'alarms', up: alarms, postgres: FOLDED },
  { id: 740, name: 'base map land use', up: landUse, postgres: FOLDED },
  { id: 800, name: 'calendar: fixed-date statutory holidays', up: calendarStatutory, postgres: FOLDED },
  { id: 801, name: 'notifications', up: notifications, postgres: FOLDED },
  { id: 802, name: 'special campaigns', up: campaigns, postgres: FOLDED },
  { id: 830, name: 'muck trucks', up: muckTrucks, postgres: FOLDED },
  { id: 831, name: 'pipelines', up: pipelines, postgres: FOLDED },
  { id: 832, name: 'import pipelines and wells', up: importPipelines, postgres: FOLDED },
];
