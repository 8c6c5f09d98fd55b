// The state of this window's video wall: the cameras, the grid and what each tile shows,
// the selected and the enlarged tile, saved layouts, and the running tour. The wall itself
// (grid + tiles, and the tour it was running) is kept per window in localStorage, so a reload
// shows the same wall, already playing. A window that never had a wall opens on a tour of the
// cameras at the busiest places (most cases in their grid), so the wall is never empty at first sight.
//
// A tour warms its next group: a few seconds before the switch each tile opens the next
// camera's player under the one it shows (WallTile), so at the switch the tile uncovers a
// picture that is already playing instead of starting one. Warming holds twice the relays
// for those seconds; when that would pass the server's limit it is skipped, and said.
import type { BusyCamera, CameraView, RelayHealth, RelaysResponse, WallGrid, WallLayout, WallTour } from '../../../core/contract/index';
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { api, request } from '../../api/client';
import type { PlayerState, PlayerStats } from '../../components/video/mse-player';
import { slowestRelayStartMs, switchDue, tourPage, warmDue, warmingFits, type TourWarm } from './tour-warm';

/** The drag-and-drop type of a camera dragged from the list onto a tile. */
export const CAMERA_DRAG_TYPE = 'application/x-gridhall-camera';
export const GRIDS: readonly WallGrid[] = [1, 4, 9, 16, 25, 36];
const MAX_TILES = 36;
const storageKey = 'gridhall.video.wall';

export interface TileStatus {
  state: PlayerState;
  message: string | null;
  stats: PlayerStats | null;
}

/** The tour a window runs when it has no wall of its own: the busiest places, four at a time. */
export const DEFAULT_TOUR_ID = 0;
const DEFAULT_TOUR_CAMERAS = 16;
const DEFAULT_TOUR_INTERVAL_S = 30;

interface SavedWall {
  grid: WallGrid;
  tiles: (number | null)[];
  /** The tour running when the window was left (DEFAULT_TOUR_ID: the busiest places). */
  tourId?: number | null;
}

function readWall(): SavedWall | null {
  try {
    const saved = JSON.parse(localStorage.getItem(storageKey) ?? 'null') as SavedWall | null;
    if (saved && GRIDS.includes(saved.grid) && Array.isArray(saved.tiles)) {
      return {
        grid: saved.grid,
        tiles: Array.from({ length: MAX_TILES }, (_, i) => (typeof saved.tiles[i] === 'number' ? saved.tiles[i]! : null)),
        tourId: typeof saved.tourId === 'number' ? saved.tourId : null,
      };
    }
  } catch {
    // nothing saved, or storage blocked
  }
  return null;
}

export const useWallStore = defineStore('video-wall', () => {
  const cameras = ref<CameraView[]>([]);
  const loadError = ref<unknown>(null);
  const saved = readWall();
  const grid = ref<WallGrid>(saved?.grid ?? 4);
  const tiles = ref<(number | null)[]>(saved?.tiles ?? Array<number | null>(MAX_TILES).fill(null));
  const selected = ref(0);
  const focused = ref<number | null>(null);
  const layouts = ref<WallLayout[]>([]);
  const tours = ref<WallTour[]>([]);
  const relays = ref<RelaysResponse>({ limit: 0, transcodeLimit: 0, relays: [] });
  const tileStatus = ref<Record<number, TileStatus>>({});
  const tour = ref<{ tour: WallTour; page: number; nextAt: number; warm: TourWarm } | null>(null);
  /** Warm the next group of a tour before its switch (`?warm=0` turns it off: the benchmark's baseline). */
  const warming = ref(true);
  /** The player state of each tile's warming camera. */
  const warmStates = ref<Record<number, PlayerState>>({});
  const now = ref(Date.now());
  let tourTimer: ReturnType<typeof setInterval> | null = null;

  const byId = computed(() => new Map(cameras.value.map((c) => [c.id, c])));
  const visibleTiles = computed(() => tiles.value.slice(0, grid.value));
  const selectedCamera = computed(() => {
    const id = tiles.value[selected.value];
    return id === null || id === undefined ? null : (byId.value.get(id) ?? null);
  });

  watch([grid, tiles, () => tour.value?.tour.id], () => {
    try {
      const wall: SavedWall = { grid: grid.value, tiles: tiles.value, tourId: tour.value?.tour.id ?? null };
      localStorage.setItem(storageKey, JSON.stringify(wall));
    } catch {
      // kept for this page only
    }
  }, { deep: true });

  /**
   * What the wall shows when the section opens: the tour it was running, else its own tiles,
   * else (a window that never had a wall, or an empty one) a tour of the busiest places.
   */
  async function openWall(defaultTourName: string): Promise<void> {
    const tourId = saved?.tourId ?? null;
    if (tourId !== null && tourId !== DEFAULT_TOUR_ID) {
      const known = tours.value.find((t) => t.id === tourId);
      if (known) return startTour(known);
    }
    const hasTiles = saved !== null && saved.tiles.slice(0, saved.grid).some((id) => id !== null);
    if (hasTiles && tourId === null) return;
    let busy: BusyCamera[] = [];
    try {
      busy = await api.get<BusyCamera[]>(`/api/video/busiest?limit=${DEFAULT_TOUR_CAMERAS}`);
    } catch {
      return;
    }
    if (busy.length === 0 || tour.value || (visibleTiles.value.some((id) => id !== null) && tourId === null)) return;
    const cameraIds = busy.map((c) => c.id);
    if (cameraIds.length <= 4) {
      grid.value = 4;
      tiles.value = Array.from({ length: MAX_TILES }, (_, i) => cameraIds[i] ?? null);
      return;
    }
    startTour({ id: DEFAULT_TOUR_ID, name: defaultTourName, grid: 4, intervalS: DEFAULT_TOUR_INTERVAL_S, cameraIds, updatedAt: new Date().toISOString() });
  }

  async function loadCameras(): Promise<void> {
    try {
      cameras.value = await api.get<CameraView[]>('/api/cameras');
      loadError.value = null;
    } catch (error) {
      loadError.value = error;
    }
  }

  function updateCamera(id: number, patch: Partial<CameraView>): void {
    const camera = cameras.value.find((c) => c.id === id);
    if (camera) Object.assign(camera, patch);
  }

  async function loadLayouts(): Promise<void> {
    layouts.value = await api.get<WallLayout[]>('/api/video/layouts');
  }

  async function loadTours(): Promise<void> {
    tours.value = await api.get<WallTour[]>('/api/video/tours');
  }

  async function loadRelays(): Promise<void> {
    relays.value = await api.get<RelaysResponse>('/api/video/relays');
  }

  function relayOf(cameraId: number): RelayHealth[] {
    return relays.value.relays.filter((r) => r.cameraId === cameraId);
  }

  function setGrid(next: WallGrid): void {
    grid.value = next;
    focused.value = null;
    if (selected.value >= next) selected.value = 0;
  }

  /** Puts a camera on a tile (a manual choice ends a running tour). */
  function place(index: number, cameraId: number): void {
    stopTour();
    const next = [...tiles.value];
    next[index] = cameraId;
    tiles.value = next;
    selected.value = index;
  }

  /** The selected tile if it is empty, else the first empty one, else the selected one. */
  function placeInFreeTile(cameraId: number): void {
    const visible = visibleTiles.value;
    const index = visible[selected.value] === null ? selected.value : visible.indexOf(null);
    place(index >= 0 ? index : selected.value, cameraId);
  }

  function clearTile(index: number): void {
    const next = [...tiles.value];
    next[index] = null;
    tiles.value = next;
    if (focused.value === index) focused.value = null;
  }

  function clearWall(): void {
    stopTour();
    tiles.value = Array<number | null>(MAX_TILES).fill(null);
    focused.value = null;
  }

  function focus(index: number | null): void {
    focused.value = index;
    if (index !== null) selected.value = index;
  }

  function applyLayout(layout: WallLayout): void {
    stopTour();
    grid.value = layout.grid;
    tiles.value = Array.from({ length: MAX_TILES }, (_, i) => layout.tiles[i] ?? null);
    focused.value = null;
    selected.value = 0;
  }

  async function saveLayout(name: string): Promise<WallLayout> {
    const layout = await api.post<WallLayout>('/api/video/layouts', { name, grid: grid.value, tiles: visibleTiles.value });
    await loadLayouts();
    return layout;
  }

  async function deleteLayout(id: number): Promise<void> {
    await request(`/api/video/layouts/${id}`, { method: 'DELETE' });
    await loadLayouts();
  }

  async function saveTour(input: { name: string; grid: WallGrid; intervalS: number; cameraIds: number[] }): Promise<WallTour> {
    const saved = await api.post<WallTour>('/api/video/tours', input);
    await loadTours();
    return saved;
  }

  function showTourPage(): void {
    const t = tour.value;
    if (!t) return;
    const page = tourPage(t.tour, t.page);
    tiles.value = Array.from({ length: MAX_TILES }, (_, i) => page[i] ?? null);
  }

  const tourPages = computed(() => (tour.value ? Math.max(1, Math.ceil(tour.value.tour.cameraIds.length / tour.value.tour.grid)) : 0));

  /** Per tile, the camera warming under it for the coming switch (empty when none). */
  const warmTiles = computed(() => (tour.value?.warm.state === 'warming' ? tour.value.warm.tiles : []));

  /** Every warming player of the next group is playing. */
  const warmReady = computed(() => {
    const warm = tour.value?.warm;
    if (warm?.state !== 'warming') return false;
    return warm.tiles.every((id, i) => id === null || warmStates.value[i] === 'playing');
  });

  const idleWarm = (): TourWarm => ({ state: 'waiting', decided: false, tiles: [], limit: 0 });

  /** Decides whether to warm the next group, and starts it: asks the server how many relays are watched now. */
  async function warmNext(): Promise<void> {
    const running = tour.value;
    if (!running) return;
    running.warm.decided = true;
    const next = tourPage(running.tour, (running.page + 1) % tourPages.value);
    const targets = next.map((id, i) => (id !== null && id !== tiles.value[i] ? id : null));
    const cameraIds = targets.filter((id): id is number => id !== null);
    if (!warming.value || focused.value !== null || cameraIds.length === 0) return;
    let health: RelaysResponse;
    try {
      health = await api.get<RelaysResponse>('/api/video/relays');
      relays.value = health;
    } catch {
      health = relays.value;
    }
    if (tour.value !== running || !running.warm.decided) return; // stopped, or switched meanwhile
    warmStates.value = {};
    running.warm = warmingFits(health, cameraIds)
      ? { state: 'warming', decided: true, tiles: targets, limit: health.limit }
      : { state: 'skipped', decided: true, tiles: [], limit: health.limit };
  }

  /** A warming player met the relay limit (another window took the room): stop warming, say so. */
  function setWarmState(index: number, state: PlayerState): void {
    warmStates.value = { ...warmStates.value, [index]: state };
    const running = tour.value;
    if (state === 'limit' && running?.warm.state === 'warming') running.warm = { ...running.warm, state: 'skipped', tiles: [] };
  }

  function startTour(t: WallTour): void {
    stopTour();
    grid.value = t.grid;
    focused.value = null;
    selected.value = 0;
    tour.value = { tour: t, page: 0, nextAt: Date.now() + t.intervalS * 1000, warm: idleWarm() };
    showTourPage();
    tourTimer = setInterval(() => {
      now.value = Date.now();
      const running = tour.value;
      if (!running) return;
      if (!running.warm.decided && tourPages.value > 1 && warmDue(now.value, running.nextAt, running.tour.intervalS, slowestRelayStartMs(relays.value))) void warmNext();
      if (!switchDue(now.value, running.nextAt, running.warm.state === 'warming', warmReady.value)) return;
      running.page = (running.page + 1) % tourPages.value;
      running.nextAt = now.value + running.tour.intervalS * 1000;
      // The tiles now show the cameras that were warming under them: their players carry on.
      showTourPage();
      running.warm = running.warm.state === 'skipped' ? { ...running.warm, decided: false } : idleWarm();
      warmStates.value = {};
    }, 250);
  }

  function stopTour(): void {
    if (tourTimer) clearInterval(tourTimer);
    tourTimer = null;
    tour.value = null;
    warmStates.value = {};
  }

  function setTileStatus(index: number, status: Partial<TileStatus>): void {
    const current = tileStatus.value[index] ?? { state: 'idle', message: null, stats: null };
    tileStatus.value = { ...tileStatus.value, [index]: { ...current, ...status } };
  }

  return {
    cameras,
    loadError,
    grid,
    tiles,
    selected,
    focused,
    layouts,
    tours,
    relays,
    tileStatus,
    tour,
    tourPages,
    warming,
    warmTiles,
    warmStates,
    warmReady,
    now,
    byId,
    visibleTiles,
    selectedCamera,
    loadCameras,
    updateCamera,
    loadLayouts,
    loadTours,
    loadRelays,
    openWall,
    relayOf,
    setGrid,
    place,
    placeInFreeTile,
    clearTile,
    clearWall,
    focus,
    applyLayout,
    saveLayout,
    deleteLayout,
    saveTour,
    startTour,
    stopTour,
    setWarmState,
    setTileStatus,
  };
});
