// The state of this window's video wall: the cameras, the grid and what each tile shows,
// the selected and the enlarged tile, saved layouts, and the running tour. The wall itself
// (grid + tiles) is kept per window in localStorage, so a reload shows the same wall.
import type { CameraView, RelayHealth, RelaysResponse, WallGrid, WallLayout, WallTour } from '../../../core/contract/index';
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { api, request } from '../../api/client';
import type { PlayerState, PlayerStats } from '../../components/video/mse-player';

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

interface SavedWall {
  grid: WallGrid;
  tiles: (number | null)[];
}

function readWall(): SavedWall {
  try {
    const saved = JSON.parse(localStorage.getItem(storageKey) ?? 'null') as SavedWall | null;
    if (saved && GRIDS.includes(saved.grid) && Array.isArray(saved.tiles)) {
      return { grid: saved.grid, tiles: Array.from({ length: MAX_TILES }, (_, i) => (typeof saved.tiles[i] === 'number' ? saved.tiles[i]! : null)) };
    }
  } catch {
    // nothing saved, or storage blocked
  }
  return { grid: 4, tiles: Array<number | null>(MAX_TILES).fill(null) };
}

export const useWallStore = defineStore('video-wall', () => {
  const cameras = ref<CameraView[]>([]);
  const loadError = ref<unknown>(null);
  const saved = readWall();
  const grid = ref<WallGrid>(saved.grid);
  const tiles = ref<(number | null)[]>(saved.tiles);
  const selected = ref(0);
  const focused = ref<number | null>(null);
  const layouts = ref<WallLayout[]>([]);
  const tours = ref<WallTour[]>([]);
  const relays = ref<RelaysResponse>({ limit: 0, relays: [] });
  const tileStatus = ref<Record<number, TileStatus>>({});
  const tour = ref<{ tour: WallTour; page: number; nextAt: number } | null>(null);
  const now = ref(Date.now());
  let tourTimer: ReturnType<typeof setInterval> | null = null;

  const byId = computed(() => new Map(cameras.value.map((c) => [c.id, c])));
  const visibleTiles = computed(() => tiles.value.slice(0, grid.value));
  const selectedCamera = computed(() => {
    const id = tiles.value[selected.value];
    return id === null || id === undefined ? null : (byId.value.get(id) ?? null);
  });

  watch([grid, tiles], () => {
    try {
      localStorage.setItem(storageKey, JSON.stringify({ grid: grid.value, tiles: tiles.value }));
    } catch {
      // kept for this page only
    }
  }, { deep: true });

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
    const size = t.tour.grid;
    const ids = t.tour.cameraIds.slice(t.page * size, (t.page + 1) * size);
    tiles.value = Array.from({ length: MAX_TILES }, (_, i) => (i < size ? (ids[i] ?? null) : null));
  }

  const tourPages = computed(() => (tour.value ? Math.max(1, Math.ceil(tour.value.tour.cameraIds.length / tour.value.tour.grid)) : 0));

  function startTour(t: WallTour): void {
    stopTour();
    grid.value = t.grid;
    focused.value = null;
    selected.value = 0;
    tour.value = { tour: t, page: 0, nextAt: Date.now() + t.intervalS * 1000 };
    showTourPage();
    tourTimer = setInterval(() => {
      now.value = Date.now();
      const running = tour.value;
      if (!running || now.value < running.nextAt) return;
      running.page = (running.page + 1) % tourPages.value;
      running.nextAt = now.value + running.tour.intervalS * 1000;
      showTourPage();
    }, 500);
  }

  function stopTour(): void {
    if (tourTimer) clearInterval(tourTimer);
    tourTimer = null;
    tour.value = null;
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
    now,
    byId,
    visibleTiles,
    selectedCamera,
    loadCameras,
    updateCamera,
    loadLayouts,
    loadTours,
    loadRelays,
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
    setTileStatus,
  };
});
