// The workbench's state: the reference data it reads once (workflow, dictionary, departments,
// calendar), the signed-in user's queues with counts, the page of cases in view, and the case
// open in the detail pane. Live `case.*` events refresh counts, the page and the open case.
import type {
  CaseActionPath,
  CaseActionRequest,
  CaseActionResponse,
  CaseDetailResponse,
  CaseListQuery,
  CaseListResponse,
  CaseView,
  Department,
  DictionaryClass,
  EventMessage,
  QueueCount,
  StaffMember,
  WorkflowResponse,
} from '../../../core/contract/index';
import { defineStore } from 'pinia';
import { computed, reactive, ref, shallowRef } from 'vue';
import { api } from '../../api/client';
import { WorkingClock } from './working-time';
import { countyYear } from '../../i18n/time';

export const PAGE_SIZE = 10;

/** The pseudo-queue that searches every case the user may see. */
export const ALL_CASES = 'all';

export interface ListFilters {
  text: string;
  state: string;
  urgent: boolean;
  overdue: boolean;
}

export const classKey = (kind: string, code: string) => `${kind}:${code}`;

export const useWorkbenchStore = defineStore('workbench', () => {
  const workflow = shallowRef<WorkflowResponse | null>(null);
  const classes = shallowRef<DictionaryClass[]>([]);
  const departments = shallowRef<Department[]>([]);
  const clock = shallowRef<WorkingClock | null>(null);
  const staff = reactive(new Map<number, StaffMember>());

  const queues = ref<QueueCount[]>([]);
  const queueId = ref<string>(ALL_CASES);
  const filters = reactive<ListFilters>({ text: '', state: '', urgent: false, overdue: false });
  const page = ref<CaseListResponse>({ total: 0, items: [] });
  const offset = ref(0);
  const listLoading = ref(false);
  const cursor = ref(0);

  const detail = shallowRef<CaseDetailResponse | null>(null);
  /** When the open case was read: its remaining times count down from here. */
  const detailReadAt = ref(0);
  const detailLoading = ref(false);
  const notice = ref<string | null>(null);

  const classByKey = computed(() => new Map(classes.value.map((c) => [classKey(c.kind, c.code), c])));
  const departmentById = computed(() => new Map(departments.value.map((d) => [d.id, d])));
  const actionLabels = computed(() => new Map((workflow.value?.transitions ?? []).map((t) => [t.action, t.label])));
  const pages = computed(() => Math.max(1, Math.ceil(page.value.total / PAGE_SIZE)));
  const currentPage = computed(() => Math.floor(offset.value / PAGE_SIZE) + 1);
  const cursorCase = computed<CaseView | undefined>(() => page.value.items[cursor.value]);

  async function loadReference(): Promise<void> {
    const year = countyYear();
    const [flow, dictionary, depts, calendar] = await Promise.all([
      api.call('cases.workflow'),
      api.call('dictionary.get'),
      api.call('departments.list'),
      api.call('calendar.get', { query: { from: `${year - 1}-01-01`, to: `${year + 1}-12-31` } }),
    ]);
    workflow.value = flow;
    classes.value = dictionary.classes;
    departments.value = depts.items;
    clock.value = new WorkingClock(calendar);
  }

  /** Names for user ids not seen yet (the timeline's "who"). */
  async function ensureStaff(ids: Iterable<number | null>): Promise<void> {
    const missing = [...new Set([...ids].filter((id): id is number => id !== null && !staff.has(id)))];
    if (!missing.length) return;
    const answer = await api.call('staff.list', { query: { ids: missing.join(',') } });
    for (const member of answer.items) staff.set(member.id, member);
  }

  async function refreshQueues(): Promise<void> {
    queues.value = await api.call('cases.queues');
  }

  function listQuery(): CaseListQuery {
    const q: CaseListQuery = { limit: PAGE_SIZE, offset: offset.value };
    if (queueId.value !== ALL_CASES) q.queue = queueId.value;
    else if (filters.state) q.state = filters.state;
    if (filters.text.trim()) q.q = filters.text.trim();
    if (filters.urgent) q.urgent = true;
    if (filters.overdue) q.overdue = true;
    return q;
  }

  let listRequest = 0;
  /** Reads the page; `follow` keeps the cursor on its case if the rows moved (a refresh, not a new query). */
  async function loadList(follow = true): Promise<void> {
    const mine = ++listRequest;
    listLoading.value = true;
    try {
      const answer = await api.call('cases.list', { query: listQuery() });
      if (mine !== listRequest) return; // a newer query answered first
      // The page emptied under us (the last cases left the queue): step back a page.
      if (answer.items.length === 0 && offset.value > 0 && answer.total > 0) {
        offset.value = Math.max(0, (Math.ceil(answer.total / PAGE_SIZE) - 1) * PAGE_SIZE);
        return loadList(follow);
      }
      // The cursor follows its case when rows move (the list is newest-changed first).
      const held = follow ? page.value.items[cursor.value]?.id : undefined;
      const moved = held === undefined ? -1 : answer.items.findIndex((c) => c.id === held);
      page.value = answer;
      cursor.value = moved >= 0 ? moved : Math.min(cursor.value, Math.max(0, answer.items.length - 1));
    } finally {
      if (mine === listRequest) listLoading.value = false;
    }
  }

  async function chooseQueue(id: string): Promise<void> {
    queueId.value = id;
    offset.value = 0;
    cursor.value = 0;
    await loadList(false);
  }

  async function goToPage(n: number): Promise<void> {
    const next = Math.min(Math.max(1, n), pages.value);
    if (next === currentPage.value) return;
    offset.value = (next - 1) * PAGE_SIZE;
    cursor.value = 0;
    await loadList(false);
  }

  async function openCase(id: number): Promise<void> {
    detailLoading.value = true;
    try {
      const answer = await api.call('cases.get', { params: { id } });
      await ensureStaff([...answer.events.map((e) => e.actorId), answer.case.assigneeId]);
      detail.value = answer;
      detailReadAt.value = Date.now();
    } finally {
      detailLoading.value = false;
    }
  }

  async function reloadOpenCase(reason: string | null = null): Promise<void> {
    const open = detail.value;
    if (!open) return;
    await openCase(open.case.id);
    notice.value = reason;
  }

  function closeCase(): void {
    detail.value = null;
    notice.value = null;
  }

  /** Takes an action on the open case; afterwards the queues, the page and the case are fresh. */
  async function act(action: string, body: Omit<CaseActionRequest, 'version'>, version: number): Promise<CaseActionResponse> {
    const open = detail.value;
    if (!open) throw new Error('no case is open');
    const path = action.replaceAll('_', '-') as CaseActionPath;
    const answer = await api.call('cases.act', { params: { id: open.case.id, action: path }, body: { ...body, version } });
    notice.value = null;
    await Promise.all([openCase(open.case.id), refreshQueues(), loadList()]);
    return answer;
  }

  let pending: ReturnType<typeof setTimeout> | null = null;
  let openCaseChanged = false;
  /** A `case.*` event: refresh soon, once for a burst. The open case reloads only if it changed. */
  function onCaseEvent(message: EventMessage): void {
    const id = (message.data as { id?: number } | null)?.id;
    if (id !== undefined && id === detail.value?.case.id) openCaseChanged = true;
    if (pending) return;
    pending = setTimeout(() => {
      pending = null;
      const reloadDetail = openCaseChanged;
      openCaseChanged = false;
      void refreshQueues().catch(() => {});
      void loadList().catch(() => {});
      if (reloadDetail) void reloadOpenCase(null).catch(() => {});
    }, 250);
  }

  /** A fresh start for whoever opens the workbench (another user may have used this window). */
  function reset(): void {
    staff.clear();
    queues.value = [];
    queueId.value = ALL_CASES;
    Object.assign(filters, { text: '', state: '', urgent: false, overdue: false });
    page.value = { total: 0, items: [] };
    offset.value = 0;
    cursor.value = 0;
    detail.value = null;
    notice.value = null;
  }

  /** A class's name in the console's language (the dictionary carries English names too). */
  function className(kind: string, code: string, english = false): string {
    const c = classByKey.value.get(classKey(kind, code));
    return (english ? c?.nameEn : null) ?? c?.name ?? code;
  }

  return {
    workflow, classes, departments, clock, staff, queues, queueId, filters, page, offset, listLoading, cursor,
    detail, detailReadAt, detailLoading, notice, classByKey, departmentById, actionLabels, pages, currentPage, cursorCase,
    loadReference, ensureStaff, refreshQueues, loadList, chooseQueue, goToPage, openCase, reloadOpenCase, closeCase, act,
    onCaseEvent, className, reset,
  };
});
