// The demo county's people: inspectors (监督员) with responsibility grids, the centre's
// intake operators, shift leaders and dispatchers, one account per department, a leader and
// an analyst. Users belong to core/auth: the generator hands each planned person to a
// createUser callback and keeps the id it returns.
import type { RoleCode } from '../contract/index.js';
import type { DepartmentRow } from '../base/departments/index.js';
import type { GridPlan } from './grids.js';
import { GIVEN_CHARS, SURNAMES } from './names.js';
import type { Random } from './random.js';
import type { SizeProfile } from './sizes.js';

export interface PlannedStaff {
  username: string;
  displayName: string;
  roles: RoleCode[];
  /** The department the user belongs to (its `code`), or null. */
  departmentCode: string | null;
  /** Responsibility grids (责任网格) of an inspector; empty for everyone else. */
  gridCodes: string[];
}

/** The centre's code in COUNTY_DEPARTMENTS. */
export const CENTRE_CODE = 'JDZX';

export function planStaff(profile: SizeProfile, departments: readonly DepartmentRow[], grids: readonly GridPlan[], rng: Random): PlannedStaff[] {
  const used = new Set<string>();
  const personName = () => {
    for (;;) {
      const given = rng.chance(0.6) ? rng.pick(GIVEN_CHARS) + rng.pick(GIVEN_CHARS) : rng.pick(GIVEN_CHARS);
      const name = rng.pick(SURNAMES) + given;
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
  };
  const numbered = (prefix: string, n: number) => `${prefix}${String(n).padStart(2, '0')}`;
  const staff: PlannedStaff[] = [];

  // Inspectors share the grids in code order, so each patrols a compact run of neighbouring grids.
  const ordered = [...grids].sort((a, b) => (a.code < b.code ? -1 : 1));
  const { inspectors, acceptors, shiftLeaders, dispatchers } = profile.staff;
  for (let k = 0; k < inspectors; k++) {
    const own = ordered.slice(Math.floor((k * ordered.length) / inspectors), Math.floor(((k + 1) * ordered.length) / inspectors));
    staff.push({ username: numbered('inspector', k + 1), displayName: personName(), roles: ['inspector'], departmentCode: CENTRE_CODE, gridCodes: own.map((g) => g.code) });
  }
  const centreRole = (prefix: string, count: number, role: RoleCode) => {
    for (let k = 0; k < count; k++) staff.push({ username: numbered(prefix, k + 1), displayName: personName(), roles: [role], departmentCode: CENTRE_CODE, gridCodes: [] });
  };
  centreRole('acceptor', acceptors, 'acceptor');
  centreRole('shift', shiftLeaders, 'shift_leader');
  centreRole('dispatcher', dispatchers, 'dispatcher');
  for (const d of departments) {
    if (d.kind === 'centre') continue;
    staff.push({ username: departmentUsername(d.code), displayName: d.name, roles: ['department'], departmentCode: d.code, gridCodes: [] });
  }
  staff.push({ username: 'leader', displayName: personName(), roles: ['leader'], departmentCode: 'CGJ', gridCodes: [] });
  staff.push({ username: 'analyst', displayName: personName(), roles: ['analyst'], departmentCode: CENTRE_CODE, gridCodes: [] });
  return staff;
}

export function departmentUsername(code: string): string {
  return `dept-${code.toLowerCase()}`;
}
