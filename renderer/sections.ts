// The console's sections, in navigation order. Each later issue replaces its placeholder view
// (renderer/views/<id>/) and keeps its entry here; the router and the frame both read this list.
import { MAINTAINERS, VIEWERS, type RoleCode } from '../core/contract/roles.js';

export type SectionId = 'wall' | 'workbench' | 'video' | 'heatmap' | 'evaluation' | 'admin';

export interface Section {
  id: SectionId;
  path: `/${string}`;
  /** The issue that builds the section (shown by its placeholder until then). */
  issue: 3 | 4 | 5 | 6 | 8;
  /** Roles that may open it; absent means every signed-in user. */
  roles?: readonly RoleCode[];
}

/**
 * The heatmaps and the evaluation are offered to the roles the server lets read them (VIEWERS in
 * core/contract/roles.ts, the list their endpoints use). Departments and inspectors would only meet
 * a 403 there, so those tabs are not offered to them.
 */

export const sections: readonly Section[] = [
  { id: 'wall', path: '/wall', issue: 4 }, // 指挥大屏
  { id: 'workbench', path: '/workbench', issue: 3 }, // 案件工作台
  { id: 'video', path: '/video', issue: 5 }, // 视频墙
  { id: 'heatmap', path: '/heatmap', issue: 6, roles: VIEWERS }, // 热力分析
  { id: 'evaluation', path: '/evaluation', issue: 6, roles: VIEWERS }, // 综合评价
  { id: 'admin', path: '/admin', issue: 8, roles: MAINTAINERS }, // 系统维护 (each of the three administrators sees their own tabs)
];

export function sectionById(id: SectionId): Section {
  const section = sections.find((s) => s.id === id);
  if (!section) throw new Error(`unknown section ${id}`);
  return section;
}

export function canOpen(section: Section, roles: readonly RoleCode[]): boolean {
  return !section.roles || section.roles.some((role) => roles.includes(role));
}
