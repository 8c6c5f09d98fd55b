// Stand-in for core/auth in tests and benches: writes a planned demo person as a user with roles and
// responsibility grids, the way the server's createUser will.
import type { Db } from '../../core/db/database.js';
import type { PlannedStaff } from '../../core/demo/generate.js';
import { AuthStore } from '../../core/base/people/store.js';
import { seedCalendar } from '../../core/workflow/calendar/seed.js';
import { ManualClock } from '../../core/runtime/clock.js';
import type { DemoOptions } from '../../core/demo/generate.js';
import { replayHistory, type ReplayResult } from '../../core/demo/replay.js';
import { silentLogger } from '../../core/runtime/log.js';
import { EventHub } from '../../core/server/events.js';
import { buildServices } from '../../core/app/services.js';

export function insertTestUser(db: Db): (staff: PlannedStaff) => Promise<number> {
  const user = db.statement(
    'test.users.insert',
    "INSERT INTO users (username, display_name, password_hash, department_id, created_at) VALUES (?, ?, 'test-only', (SELECT id FROM departments WHERE code = ?), 0)",
  );
  const role = db.statement('test.userRoles.insert', 'INSERT INTO user_roles (user_id, role_code) VALUES (?, ?)');
  const grid = db.statement('test.inspectorGrids.insert', 'INSERT INTO inspector_grids (user_id, grid_code) VALUES (?, ?)');
  return async (staff) => {
    const id = Number((await user.run([staff.username, staff.displayName, staff.departmentCode])).lastInsertRowid);
    for (const r of staff.roles) await role.run([id, r]);
    for (const g of staff.gridCodes) await grid.run([id, g]);
    return id;
  };
}

/**
 * The demo history written as the server writes it: replayed through the real workflow engine
 * (core/demo/replay.ts), on the services of this database, with a clock fixed at `now`.
 */
export async function replayedHistory(db: Db, now: number, onReplayed?: (result: ReplayResult) => void): Promise<NonNullable<DemoOptions['writeHistory']>> {
  const auth = new AuthStore(db);
  const services = buildServices(db, new ManualClock(now), new EventHub(() => now), auth, '', silentLogger);
  await seedCalendar(services.calendarStore, now);
  await services.limits.seedDefaults();
  return async (plan, ids) => {
    const replayed = await services.notifications.unobserved(async () => await services.analytics.unobserved(async () => await replayHistory({ workflow: services.workflow, auth, settings: services.settings }, plan, ids)));
    // The server carries on past a refused step; a test must not, unless it asks to see them.
    if (onReplayed) onReplayed(replayed);
    else if (replayed.stopped.length > 0) throw new Error(`the workflow refused steps of the demo plan:\n${replayed.stopped.join('\n')}`);
    return replayed;
  };
}
