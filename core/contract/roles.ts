// Who may call what: the roles and the role lists the endpoint table and the console share.
// Each list is written once, here; core's routes and the console's navigation both read it.
import { Type, type Static } from 'typebox';

/** Every role, in the order the admin's user form shows them. */
export const ROLES = ['inspector', 'acceptor', 'shift_leader', 'dispatcher', 'department', 'leader', 'analyst', 'admin', 'security_admin', 'auditor'] as const;
// inspector 监督员 · acceptor 受理员 · shift_leader 值班长 · dispatcher 派遣员 · department 专业部门
// leader 领导 · analyst 分析员 · admin 管理员 (系统管理员)
// 三员分立 (等保 2.0 level 3): admin runs the system, security_admin 安全管理员 keeps accounts,
// roles and passwords, auditor 审计员 reads the audit log; no account holds two of the three.

export const RoleCode = Type.Enum(ROLES);
export type RoleCode = Static<typeof RoleCode>;
export const RoleSchema = RoleCode;

/** The command centre's staff who read the overviews: analytics, heatmaps, evaluation, the field overview, ratings. */
export const VIEWERS = ['acceptor', 'shift_leader', 'dispatcher', 'leader', 'analyst', 'admin'] as const satisfies readonly RoleCode[];
/** Who may file a case by hand (信息收集): inspectors and the centre's case handlers. */
export const CASE_FILERS = ['inspector', 'acceptor', 'shift_leader', 'dispatcher', 'leader'] as const satisfies readonly RoleCode[];
/** Who works the video wall: the centre's operators and the admin. */
export const VIDEO_OPERATORS = ['acceptor', 'shift_leader', 'dispatcher', 'leader', 'admin'] as const satisfies readonly RoleCode[];
/** Who sets how cameras record (录像计划): the shift leader and the admin. */
export const RECORDING_PLANNERS = ['shift_leader', 'admin'] as const satisfies readonly RoleCode[];
/** Who may file a case from a camera's view. */
export const VIDEO_REPORTERS = ['acceptor', 'shift_leader', 'dispatcher'] as const satisfies readonly RoleCode[];
/** Who may change the evaluation's weights and bands. */
export const EVALUATION_EDITORS = ['admin', 'leader'] as const satisfies readonly RoleCode[];
export const ADMINS = ['admin'] as const satisfies readonly RoleCode[];
/** The three administrators of 三员分立; an account holds at most one of them. */
export const THREE_ADMINS = ['admin', 'security_admin', 'auditor'] as const satisfies readonly RoleCode[];
/** Who keeps accounts and roles: the system administrator and the security administrator. */
export const ACCOUNT_KEEPERS = ['admin', 'security_admin'] as const satisfies readonly RoleCode[];
/** Who reads the audit log (操作日志): the auditor alone. */
export const AUDITORS = ['auditor'] as const satisfies readonly RoleCode[];
/** Who sees the 系统维护 section (each sees its own tabs). */
export const MAINTAINERS = ['admin', 'security_admin', 'auditor'] as const satisfies readonly RoleCode[];
export const INSPECTORS = ['inspector'] as const satisfies readonly RoleCode[];
