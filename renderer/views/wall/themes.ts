// The wall's themes (专题) and the kiosk playlist that cycles through them. A theme is data:
// which layers show, what the grids are filled by, and which panels stand around the map.
import { onBeforeUnmount, ref, watch, type Ref } from 'vue';
import type { GridMeasure } from './data/figures';
import type { LayerId } from './layers/types';

export type ThemeId = 'overview' | 'cases' | 'video' | 'iot';
export type PanelId = 'today' | 'rates' | 'trend' | 'classes' | 'topGrids' | 'departments' | 'cameras' | 'cameraList' | 'sensors' | 'vehicles' | 'alarms';

export interface Theme {
  id: ThemeId;
  layers: Record<LayerId, boolean>;
  gridMeasure: GridMeasure;
  /** In reading order: the first half stands left of the map, the rest right. */
  panels: PanelId[];
}

const all = (on: LayerId[]): Record<LayerId, boolean> => {
  const ids: LayerId[] = ['buildings', 'grids', 'components', 'cases', 'cameras', 'vehicles', 'sensors', 'trucks', 'pipelines', 'alarms'];
  // Alarms are on in every theme: an alarm must be seen whatever the wall is showing.
  return Object.fromEntries(ids.map((id) => [id, id === 'alarms' || on.includes(id)])) as Record<LayerId, boolean>;
};

export const THEMES: readonly Theme[] = [
  { id: 'overview', layers: all(['buildings', 'grids', 'components', 'cases', 'vehicles', 'sensors', 'trucks']), gridMeasure: 'open', panels: ['today', 'rates', 'trend', 'classes', 'topGrids', 'departments'] },
  { id: 'cases', layers: all(['buildings', 'grids', 'cases']), gridMeasure: 'overdue', panels: ['today', 'trend', 'classes', 'rates', 'topGrids', 'departments'] },
  { id: 'video', layers: all(['buildings', 'cases', 'cameras']), gridMeasure: 'open', panels: ['cameras', 'today', 'trend', 'cameraList', 'topGrids', 'classes'] },
  { id: 'iot', layers: all(['buildings', 'components', 'sensors', 'vehicles', 'trucks']), gridMeasure: 'reported', panels: ['sensors', 'alarms', 'today', 'vehicles', 'trend', 'rates'] },
];

export function themeById(id: string | null): Theme | undefined {
  return THEMES.find((t) => t.id === id);
}

/**
 * Cycles the themes every `dwellMs` while playing, like a kiosk playlist. Choosing a theme by
 * hand stops the cycling; the operator starts it again with the play button.
 */
export function useThemePlaylist(initial: Theme, dwellMs: number, startPlaying: boolean) {
  const theme = ref(initial) as Ref<Theme>;
  const playing = ref(startPlaying);
  let timer: ReturnType<typeof setInterval> | null = null;
  const next = () => {
    const k = THEMES.findIndex((t) => t.id === theme.value.id);
    theme.value = THEMES[(k + 1) % THEMES.length]!;
  };
  watch(
    playing,
    (on) => {
      if (timer) clearInterval(timer);
      timer = on ? setInterval(next, dwellMs) : null;
    },
    { immediate: true },
  );
  onBeforeUnmount(() => {
    if (timer) clearInterval(timer);
  });
  return {
    theme,
    playing,
    choose(id: ThemeId) {
      playing.value = false;
      theme.value = themeById(id) ?? theme.value;
    },
    next,
  };
}
