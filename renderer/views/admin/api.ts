// The administration section's calls: by name through the shared client (renderer/api/client.ts),
// and the file downloads (exports, backups) with the same bearer token.
import type { NotificationSettings, NotifyContactBody } from '../../../core/contract/index';
import type { AdminSettings, ClassMappingView, DepartmentView, DispatchRuleView, Duty, ImportTarget, RosterEntry, TimeLimitView } from '../../../core/contract/index';
import { ApiError, call, NetworkError, type CallArgs } from '../../api/client';
import { useSessionStore } from '../../stores/session';

const q = (params: Record<string, string | number | boolean | undefined | null>) =>
  new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '').map(([k, v]) => [k, String(v)])).toString();

export interface ImportOptions {
  target: ImportTarget;
  crs?: string;
  swapAxes?: boolean;
  mapping?: Record<string, string>;
  dryRun?: boolean;
  countyName?: string;
}

async function authorizedFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const token = useSessionStore().token;
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers: { ...(init.headers ?? {}), ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  } catch (cause) {
    throw new NetworkError(String(cause), { cause });
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: string; message?: string; field?: string } | null;
    throw new ApiError(res.status, body?.error ?? `http_${res.status}`, body?.message ?? res.statusText, body?.field);
  }
  return res;
}

/** One endpoint per setting (each has its own body schema). */
const settingCalls: { [K in keyof AdminSettings]: (value: AdminSettings[K]) => Promise<unknown> } = {
  blacklist: (body) => call('admin.settings.blacklist', { body }),
  workflow: (body) => call('admin.settings.workflow', { body }),
  duplicate: (body) => call('admin.settings.duplicate', { body }),
  calendar: (body) => call('admin.settings.calendar', { body }),
  demo: (body) => call('admin.settings.demo', { body }),
  alarms: (body) => call('admin.settings.alarms', { body }),
};

export const adminApi = {
  importTargets: () => call('imports.targets'),
  async upload(files: File[]): Promise<{ uploadId: string; files: string[] }> {
    const form = new FormData();
    for (const f of files) form.append('file', f, f.name);
    return call('imports.upload', { form });
  },
  preview: (uploadId: string, options: ImportOptions) => call('imports.preview', { body: { uploadId, ...options } }),
  startImport: (uploadId: string, options: ImportOptions) => call('imports.start', { body: { uploadId, ...options } }),
  job: (id: number) => call('imports.get', { params: { id } }),
  cancelImport: (id: number) => call('imports.cancel', { params: { id } }),
  jobs: () => call('imports.list'),

  /** Downloads a file the server makes (exports, backups) and hands it to the browser. */
  async download(path: string, fallbackName: string): Promise<void> {
    const res = await authorizedFetch(path);
    const disposition = res.headers.get('content-disposition') ?? '';
    const star = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1];
    const plain = /filename="([^"]+)"/.exec(disposition)?.[1];
    const name = star ? decodeURIComponent(star) : (plain ?? fallbackName);
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
  exportUrl: (entity: string, format: string, filters: Record<string, string | undefined>) => `/api/exports/${entity}.${format}${Object.values(filters).some(Boolean) ? `?${q(filters)}` : ''}`,

  dictionary: (standard?: string) => call('admin.dictionary', { query: { standard } }),
  saveClass: (c: CallArgs<'admin.saveClass'>['body']) => call('admin.saveClass', { body: c }),
  removeClass: (c: CallArgs<'admin.removeClass'>['query']) => call('admin.removeClass', { query: c }),
  activate: (standardId: string) => call('admin.activateStandard', { body: { standardId } }),
  mappings: (from: string, to: string) => call('admin.mappings', { query: { from, to } }),
  saveMapping: (m: ClassMappingView) => call('admin.saveMapping', { body: m }),
  removeMapping: (m: CallArgs<'admin.removeMapping'>['query']) => call('admin.removeMapping', { query: m }),

  limits: () => call('admin.limits'),
  saveLimit: (l: TimeLimitView) => call('admin.saveLimit', { body: l }),
  removeLimit: (l: CallArgs<'admin.removeLimit'>['query']) => call('admin.removeLimit', { query: l }),

  calendar: (year: number) => call('admin.calendar', { query: { year } }),
  savePeriods: (periods: { startMin: number; endMin: number }[]) => call('admin.setPeriods', { body: { periods } }),
  saveDay: (date: string, kind: 'holiday' | 'workday', name: string | null) => call('admin.setDay', { params: { date }, body: { kind, name } }),
  removeDay: (date: string) => call('admin.removeDay', { params: { date } }),

  settings: () => call('admin.settings'),
  saveSetting: <K extends keyof AdminSettings>(key: K, value: AdminSettings[K]) => settingCalls[key](value),

  rules: () => call('admin.dispatchRules'),
  saveRule: (r: Omit<DispatchRuleView, 'id'> & { id?: number }) => {
    const { id, ...body } = r;
    return id ? call('admin.saveDispatchRule', { params: { id }, body }) : call('admin.addDispatchRule', { body });
  },
  removeRule: (id: number) => call('admin.removeDispatchRule', { params: { id } }),

  departments: () => call('admin.departments'),
  // 消息通知
  notifications: () => call('notifications.admin'),
  saveNotifications: (settings: NotificationSettings) => call('notifications.saveSettings', { body: settings }),
  notificationLog: (query: CallArgs<'notifications.log'>['query']) => call('notifications.log', { query }),
  retryDelivery: (id: number) => call('notifications.retry', { params: { id } }),
  saveContact: (contact: NotifyContactBody, id?: number) =>
    id === undefined ? call('notifications.addContact', { body: contact }) : call('notifications.saveContact', { params: { id }, body: contact }),
  removeContact: (id: number) => call('notifications.removeContact', { params: { id } }),
  saveDepartment: (d: Omit<DepartmentView, 'id'> & { id?: number }) => {
    const { id, ...body } = d;
    return id ? call('admin.saveDepartment', { params: { id }, body }) : call('admin.addDepartment', { body });
  },

  users: () => call('admin.users'),
  saveUser: (u: CallArgs<'admin.addUser'>['body'] & { id?: number }) => {
    const { id, ...body } = u;
    return id ? call('admin.saveUser', { params: { id }, body }) : call('admin.addUser', { body });
  },

  grids: (limit = 5000) => call('admin.grids', { query: { limit } }),
  roster: (grid: string) => call('admin.roster', { params: { grid } }),
  saveRoster: (e: RosterEntry) => call('admin.setRoster', { params: { grid: e.gridCode, duty: e.duty }, body: { name: e.name, phone: e.phone, userId: e.userId } }),
  removeRoster: (grid: string, duty: Duty) => call('admin.removeRoster', { params: { grid, duty } }),

  audit: (entity: string | undefined, offset: number) => call('admin.audit', { query: { entity, offset, limit: 50 } }),
};
