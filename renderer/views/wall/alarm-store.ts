// 告警中心 on the wall: the alarms the user's roles may see (GET /api/alarms), kept live from
// `alarm.*` events; new ones become toasts (and a tone, when the operator turned it on); the
// operator marks them seen and handled. What was raised while no console was open is listed
// on load: the server keeps every alarm.
import type { AlarmItem, AlarmState } from '../../../core/contract/index';
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { api } from '../../api/client';
import { useLiveStore } from '../../stores/live';

const SOUND_KEY = 'gridhall.alarmSound';
/** A toast stays this long unless the operator acts on it first. */
export const TOAST_MS = 20_000;
const MAX_TOASTS = 4;

export const useAlarmStore = defineStore('wall-alarms', () => {
  const live = useLiveStore();
  const items = shallowRef<AlarmItem[]>([]);
  const counts = ref<Record<AlarmState, number>>({ new: 0, seen: 0, handled: 0 });
  const more = ref(false);
  const toasts = ref<AlarmItem[]>([]);
  const sound = ref(readSound());
  const loaded = ref(false);
  let unsubscribe: (() => void) | null = null;
  let audio: AudioContext | null = null;
  const timers = new Map<number, ReturnType<typeof setTimeout>>();

  /** Not handled: what the map marks. */
  const open = computed(() => items.value.filter((a) => a.state !== 'handled'));

  async function load(): Promise<void> {
    const answer = await api.call('alarms.list', { query: { limit: 200 } });
    items.value = answer.items;
    counts.value = answer.counts;
    more.value = answer.more;
    loaded.value = true;
  }

  function put(alarm: AlarmItem): void {
    const k = items.value.findIndex((a) => a.id === alarm.id);
    const before = k >= 0 ? items.value[k] : undefined;
    items.value = k >= 0 ? items.value.map((a) => (a.id === alarm.id ? alarm : a)) : [alarm, ...items.value];
    if (before?.state !== alarm.state) {
      const next = { ...counts.value };
      if (before) next[before.state] = Math.max(0, next[before.state] - 1);
      next[alarm.state] += 1;
      counts.value = next;
    }
    toasts.value = toasts.value.map((t) => (t.id === alarm.id ? alarm : t)).filter((t) => t.state === 'new');
  }

  function toast(alarm: AlarmItem): void {
    toasts.value = [alarm, ...toasts.value.filter((t) => t.id !== alarm.id)].slice(0, MAX_TOASTS);
    clearTimeout(timers.get(alarm.id));
    timers.set(alarm.id, setTimeout(() => dismiss(alarm.id), TOAST_MS));
    if (sound.value) beep(alarm.severity === 'critical' ? 3 : 1);
  }

  function dismiss(id: number): void {
    clearTimeout(timers.get(id));
    timers.delete(id);
    toasts.value = toasts.value.filter((t) => t.id !== id);
  }

  function start(): void {
    if (unsubscribe) return;
    unsubscribe = live.subscribe('alarm.*', (m) => {
      const alarm = m.data as AlarmItem;
      put(alarm);
      if (m.topic === 'alarm.raised' && alarm.state === 'new') toast(alarm);
    });
    void load().catch(() => undefined);
  }

  function stop(): void {
    unsubscribe?.();
    unsubscribe = null;
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
    toasts.value = [];
    void audio?.close();
    audio = null;
  }

  async function markSeen(id: number): Promise<void> {
    put(await api.call('alarms.seen', { params: { id } }));
  }

  async function handle(id: number, note: string): Promise<void> {
    put(await api.call('alarms.handle', { params: { id }, body: note.trim() ? { note: note.trim() } : {} }));
    dismiss(id);
  }

  function setSound(on: boolean): void {
    sound.value = on;
    try {
      localStorage.setItem(SOUND_KEY, on ? '1' : '0');
    } catch {
      // private mode: the choice lasts this page only
    }
    if (on) beep(1); // the click is the gesture browsers want before they play sound
  }

  /** A short two-tone chime, made on the spot (no sound file to ship). */
  function beep(times: number): void {
    try {
      audio ??= new AudioContext();
      const t0 = audio.currentTime;
      for (let k = 0; k < times; k++) {
        for (const [freq, at] of [[880, 0], [660, 0.16]] as const) {
          const osc = audio.createOscillator();
          const gain = audio.createGain();
          osc.frequency.value = freq;
          gain.gain.setValueAtTime(0.0001, t0 + k * 0.45 + at);
          gain.gain.exponentialRampToValueAtTime(0.25, t0 + k * 0.45 + at + 0.02);
          gain.gain.exponentialRampToValueAtTime(0.0001, t0 + k * 0.45 + at + 0.15);
          osc.connect(gain).connect(audio.destination);
          osc.start(t0 + k * 0.45 + at);
          osc.stop(t0 + k * 0.45 + at + 0.16);
        }
      }
    } catch {
      // no audio device: the toast still shows
    }
  }

  return { items, counts, more, open, toasts, sound, loaded, load, start, stop, markSeen, handle, dismiss, setSound };
});

function readSound(): boolean {
  try {
    return localStorage.getItem(SOUND_KEY) === '1';
  } catch {
    return false;
  }
}
