// The administration section's calls: JSON through the shared client, and the two that are
// not JSON (a multipart upload, a file download) with the same bearer token.
import type { NotificationSettings, NotifyContactBody } from '../../../core/contract/index';
import type { AdminSettings, AdminUserView, AuditEntry, CalendarDayView, ClassMappingView, ClassStandardView, ClassView, DepartmentView, DispatchRuleView, ImportJob, ImportPreview, ImportTarget, RosterEntry, TimeLimitView } from '../../../core/contract/index';
import { ApiError, call, NetworkError, request, type CallArgs } from '../../api/client';
import { useSessionStore } from '../../stores/session';

const put = <T>(path: string, body: unknown) => request<T>(path, { method: 'PUT', body });
const post = <T>(path: string, body: unknown) => request<T>(path, { method: 'POST', body });
const del = <T>(path: string) => request<T>(path, { method: 'DELETE' });
const get = <T>(path: string) => request<T>(path);
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

export const adminApi = {
  importTargets: () => get<{ targets: { target: ImportTarget; geometry: string; fields: { key: string; required: boolean }[] }[]; maxBytes: number }>('/api/imports/targets'),
  async upload(files: File[]): Promise<{ uploadId: string; files: string[] }> {
    const form = new FormData();
    for (const f of files) form.append('file', f, f.name);
    return (await authorizedFetch('/api/imports/uploads', { method: 'POST', body: form })).json() as Promise<{ uploadId: string; files: string[] }>;
  },
  preview: (uploadId: string, options: ImportOptions) => post<ImportPreview>('/api/imports/preview', { uploadId, ...options }),
  startImport: (uploadId: string, options: ImportOptions) => post<ImportJob>('/api/imports', { uploadId, ...options }),
  job: (id: number) => get<ImportJob>(`/api/imports/${id}`),
  cancelImport: (id: number) => post<ImportJob>(`/api/imports/${id}/cancel`, {}),
  jobs: () => get<{ items: ImportJob[] }>('/api/imports'),

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

  dictionary: (standard?: string) => get<{ standards: ClassStandardView[]; standardId: string | null; classes: ClassView[] }>(`/api/admin/dictionary?${q({ standard })}`),
  saveClass: (c: Omit<ClassView, 'level' | 'bigCode'>) => put<ClassView>('/api/admin/dictionary/classes', c),
  removeClass: (c: Pick<ClassView, 'standardId' | 'kind' | 'code'>) => del(`/api/admin/dictionary/classes?${q(c)}`),
  activate: (standardId: string) => put('/api/admin/dictionary/active', { standardId }),
  mappings: (from: string, to: string) => get<{ items: ClassMappingView[] }>(`/api/admin/dictionary/mappings?${q({ from, to })}`),
  saveMapping: (m: ClassMappingView) => put('/api/admin/dictionary/mappings', m),
  removeMapping: (m: Pick<ClassMappingView, 'fromStandard' | 'kind' | 'fromCode' | 'toStandard'>) => del(`/api/admin/dictionary/mappings?${q(m)}`),

  limits: () => get<{ standardId: string; items: TimeLimitView[] }>('/api/admin/limits'),
  saveLimit: (l: TimeLimitView) => put('/api/admin/limits', l),
  removeLimit: (l: Pick<TimeLimitView, 'kind' | 'classCode' | 'stage'>) => del(`/api/admin/limits?${q(l)}`),

  calendar: (year: number) => get<{ year: number; periods: { startMin: number; endMin: number }[]; settings: AdminSettings['calendar']; days: CalendarDayView[] }>(`/api/admin/calendar?year=${year}`),
  savePeriods: (periods: { startMin: number; endMin: number }[]) => put('/api/admin/calendar/periods', { periods }),
  saveDay: (date: string, kind: 'holiday' | 'workday', name: string | null) => put(`/api/admin/calendar/days/${date}`, { kind, name }),
  removeDay: (date: string) => del(`/api/admin/calendar/days/${date}`),

  settings: () => get<AdminSettings>('/api/admin/settings'),
  saveSetting: <K extends keyof AdminSettings>(key: K, value: AdminSettings[K]) => put(`/api/admin/settings/${key}`, value),

  rules: () => get<{ items: DispatchRuleView[] }>('/api/admin/dispatch-rules'),
  saveRule: (r: Omit<DispatchRuleView, 'id'> & { id?: number }) => {
    const { id, ...body } = r;
    return id ? put<{ id: number }>(`/api/admin/dispatch-rules/${id}`, body) : post<{ id: number }>('/api/admin/dispatch-rules', body);
  },
  removeRule: (id: number) => del(`/api/admin/dispatch-rules/${id}`),

  departments: () => get<{ items: DepartmentView[] }>('/api/admin/departments'),
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
    return id ? put<{ id: number }>(`/api/admin/departments/${id}`, body) : post<{ id: number }>('/api/admin/departments', body);
  },

  users: () => get<{ items: AdminUserView[] }>('/api/admin/users'),
  saveUser: (u: Omit<AdminUserView, 'id' | 'createdAt'> & { id?: number; password?: string }) => {
    const { id, ...body } = u;
    return id ? put<{ id: number }>(`/api/admin/users/${id}`, body) : post<{ id: number }>('/api/admin/users', body);
  },

  grids: (limit = 5000) => get<{ total: number; items: { gridCode: string; filled: number }[] }>(`/api/admin/grids?limit=${limit}`),
  roster: (grid: string) => get<{ items: RosterEntry[] }>(`/api/admin/roster/${grid}`),
  saveRoster: (e: RosterEntry) => put(`/api/admin/roster/${e.gridCode}/${e.duty}`, { name: e.name, phone: e.phone, userId: e.userId }),
  removeRoster: (grid: string, duty: string) => del(`/api/admin/roster/${grid}/${duty}`),

  audit: (entity: string | undefined, offset: number) => get<{ total: number; items: AuditEntry[] }>(`/api/admin/audit?${q({ entity, offset, limit: 50 })}`),
};
