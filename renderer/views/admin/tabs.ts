// The tabs of 系统维护, in order. Another section plugs in a tab by adding a line here (or,
// for the two tabs other issues own, simply by creating the file: see `plugged` below).
import type { Component } from 'vue';
import { ACCOUNT_KEEPERS, ADMINS, AUDITORS, type RoleCode } from '../../../core/contract/roles.js';

export interface AdminTab {
  id: string;
  /** Message key under admin.tabs. */
  label: string;
  load: () => Promise<{ default: Component }>;
  /** 三员分立: who sees the tab (the system administrator when absent). */
  roles?: readonly RoleCode[];
}

const own: AdminTab[] = [
  { id: 'import', label: 'import', load: () => import('./ImportTab.vue') },
  { id: 'export', label: 'export', load: () => import('./ExportTab.vue') },
  { id: 'dictionary', label: 'dictionary', load: () => import('./DictionaryTab.vue') },
  { id: 'limits', label: 'limits', load: () => import('./LimitsTab.vue') },
  { id: 'calendar', label: 'calendar', load: () => import('./CalendarTab.vue') },
  { id: 'rules', label: 'rules', load: () => import('./RulesTab.vue') },
  { id: 'departments', label: 'departments', load: () => import('./DepartmentsTab.vue') },
  { id: 'users', label: 'users', load: () => import('./UsersTab.vue'), roles: ACCOUNT_KEEPERS },
  // 安全策略: the security administrator's; the system administrator sees it and keeps the backups.
  { id: 'security', label: 'security', load: () => import('./SecurityTab.vue'), roles: ACCOUNT_KEEPERS },
  { id: 'roster', label: 'roster', load: () => import('./RosterTab.vue') },
  { id: 'notifications', label: 'notifications', load: () => import('./NotificationsTab.vue') },
  { id: 'campaigns', label: 'campaigns', load: () => import('./CampaignsTab.vue') },
  { id: 'audit', label: 'audit', load: () => import('./AuditTab.vue'), roles: AUDITORS },
];

// ┌─ PLUG-IN TABS ─────────────────────────────────────────────────────────────────────┐
// │ Owned by other issues; each appears as soon as its file exists (no edit needed here):│
// │   评价权重  renderer/views/evaluation/WeightsEditor.vue  (analytics, issue #6):      │
// │            evaluation weights and grade bands                                        │
// │   渠道密钥  renderer/views/admin/ChannelKeys.vue         (intake channels):          │
// │            Open311 keys                                                              │
// │ Each file's default export is a Vue component that fills the tab's panel; its words │
// │ live in its own section's messages.ts.                                               │
// └────────────────────────────────────────────────────────────────────────────────────┘
const optional = import.meta.glob<{ default: Component }>(['../evaluation/WeightsEditor.vue', './ChannelKeys.vue']);
const plugged: [id: string, file: string][] = [
  ['weights', '../evaluation/WeightsEditor.vue'],
  ['channels', './ChannelKeys.vue'],
];

export const adminTabs: AdminTab[] = [
  ...own.slice(0, -1),
  ...plugged.filter(([, file]) => optional[file]).map(([id, file]) => ({ id, label: id, load: optional[file]! })),
  own[own.length - 1]!,
];

/** The tabs one user sees: the system administrator the system's, the security administrator the accounts, the auditor the log. */
export function tabsFor(roles: readonly RoleCode[]): AdminTab[] {
  return adminTabs.filter((tab) => (tab.roles ?? ADMINS).some((r) => roles.includes(r)));
}
