// Every map layer of the wall has the same life (after deck.gl): create it on a scene, update
// it with data shaped for drawing, show or hide it, destroy it. The wall composes layers and
// never reaches into them; a click is offered to each layer's `pick` in turn.
import type * as Cesium from 'cesium';

export type LayerId = 'buildings' | 'grids' | 'components' | 'cases' | 'cameras' | 'vehicles' | 'sensors' | 'trucks' | 'pipelines' | 'alarms';

export interface LayerContext {
  viewer: Cesium.Viewer;
  /** Draw a frame now (the scene may render only on request). */
  requestRender(): void;
  /** Light settings for software WebGL (tests): no animation, static halos. */
  lite: boolean;
  /** Symbol sizes multiply by this (legibility at hall distance on big designs). */
  symbolScale: number;
}

/** What a click found, in the wall's words. */
export type Picked =
  | { kind: 'component'; index: number }
  | { kind: 'case'; id: number }
  | { kind: 'alarm'; id: number }
  | { kind: 'camera'; id: number }
  | { kind: 'vehicle'; id: number }
  | { kind: 'sensor'; id: number }
  | { kind: 'truck'; id: number }
  | { kind: 'pipe'; id: number }
  | { kind: 'well'; id: number }
  | { kind: 'building'; id: number; height: number | null }
  | { kind: 'grid'; code: string };

export interface WallLayer<Data> {
  readonly id: LayerId;
  /** Drawn and ready for picking (primitives compiled, first tiles in). */
  readonly ready: boolean;
  /** How many things it draws: for the legend and for tests. */
  readonly count: number;
  update(data: Data): void;
  show(visible: boolean): void;
  pick(object: unknown): Picked | undefined;
  destroy(): void;
}

/** The object a layer stores as the `id` of its primitives, so picks can be told apart. */
export interface PickTag {
  layer: LayerId;
  key: number | string;
}

export function isPickTag(value: unknown): value is PickTag {
  return typeof value === 'object' && value !== null && 'layer' in value && 'key' in value;
}

/** The picked primitive's tag, for a layer (Cesium returns `{ primitive, id }` from scene.pick). */
export function tagOf(object: unknown, layer: LayerId): PickTag | undefined {
  const id = (object as { id?: unknown } | undefined)?.id;
  return isPickTag(id) && id.layer === layer ? id : undefined;
}
