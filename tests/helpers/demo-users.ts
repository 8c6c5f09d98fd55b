// Stand-in for core/auth in tests and benches: writes a planned demo person as a user with roles and
// responsibility grids, the way the server's createUser will.
import type { Db } from '../../core/db/database.js';
import type { PlannedStaff } from '../../core/demo/generate.js';

export function insertTestUser(db: Db): (staff: PlannedStaff) => number {
  const user = db.statement(
    'test.users.insert',
    "INSERT INTO users (username, display_name, password_hash, department_id, created_at) VALUES (?, ?, 'test-only', (SELECT id FROM departments WHERE code = ?), 0)",
  );
  const role = db.statement('test.userRoles.insert', 'INSERT INTO user_roles (user_id, role_code) VALUES (?, ?)');
  const grid = db.statement('test.inspectorGrids.insert', 'INSERT INTO inspector_grids (user_id, grid_code) VALUES (?, ?)');
  return (staff) => {
    const id = Number(user.run([staff.username, staff.displayName, staff.departmentCode]).lastInsertRowid);
    for (const r of staff.roles) role.run([id, r]);
    for (const g of staff.gridCodes) grid.run([id, g]);
    return id;
  };
}
