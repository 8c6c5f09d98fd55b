// The sizes a big-screen layout is designed at. ScreenFit scales the chosen one uniformly to
// the window (or the wall), letterboxed and centred, so proportions never change.
import type { InjectionKey, Ref } from 'vue';

// `zoom` is how much larger the console's furniture (title bar, tabs, panels, legend, ticker)
// is drawn on that design: a 3×2 wall is twice as tall as one screen and seen from further
// away, so everything on it is drawn at twice the size; two screens side by side keep one
// screen's height and so its sizes. ScreenFit puts it in the stage's `--gh-design-zoom`.
export const designs = {
  '1920x1080': { width: 1920, height: 1080, zoom: 1 }, // one 16:9 screen: the default
  '3840x1080': { width: 3840, height: 1080, zoom: 1 }, // two screens side by side
  '5760x2160': { width: 5760, height: 2160, zoom: 2 }, // a 3×2 wall of 1920×1080 panels
} as const;

export type DesignName = keyof typeof designs;

export function isDesignName(value: unknown): value is DesignName {
  return typeof value === 'string' && Object.hasOwn(designs, value);
}

export interface Fit {
  scale: number;
  left: number;
  top: number;
}

/** The uniform scale and offsets that fit a design into a viewport, centred. */
export function fitDesign(design: { width: number; height: number }, viewport: { width: number; height: number }): Fit {
  const scale = Math.min(viewport.width / design.width, viewport.height / design.height) || 1;
  return {
    scale,
    left: (viewport.width - design.width * scale) / 2,
    top: (viewport.height - design.height * scale) / 2,
  };
}

/**
 * The current scale, for views that must undo it: a WebGL canvas (Cesium's resolutionScale)
 * or pointer maths, since CSS transforms do not change clientX/clientY.
 */
export const screenScaleKey: InjectionKey<Readonly<Ref<number>>> = Symbol('screenScale');

/** The design the stage is laid out at, for views whose layout differs per design (the wall). */
export const screenDesignKey: InjectionKey<Readonly<Ref<DesignName>>> = Symbol('screenDesign');
