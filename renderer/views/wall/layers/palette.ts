// The map's colours come from theme.css (--gh-case-*, --gh-class-*, ...), the one place colours
// are defined; the legend reads the same variables.
import * as Cesium from 'cesium';

const cache = new Map<string, Cesium.Color>();

export function themeColour(variable: string, fallback = '#ffffff'): Cesium.Color {
  let colour = cache.get(variable);
  if (!colour) {
    const value = getComputedStyle(document.documentElement).getPropertyValue(variable).trim() || fallback;
    colour = Cesium.Color.fromCssColorString(value) ?? Cesium.Color.WHITE;
    cache.set(variable, colour);
  }
  return colour;
}

export function themeCss(variable: string, fallback = '#ffffff'): string {
  return getComputedStyle(document.documentElement).getPropertyValue(variable).trim() || fallback;
}

/** A case's group on the map: its colour variable and legend key. */
export type CaseGroup = 'new' | 'working' | 'review' | 'held';

const GROUP_OF_STATE: Record<string, CaseGroup> = {
  reported: 'new',
  verifying: 'new',
  accepted: 'new',
  registered: 'new',
  self_review: 'review',
  dispatched: 'working',
  rework: 'working',
  disposed: 'review',
  checking: 'review',
  checked: 'review',
  return_pending: 'held',
  extension_pending: 'held',
  hang_pending: 'held',
  hanging: 'held',
};

export function caseGroup(state: string): CaseGroup {
  return GROUP_OF_STATE[state] ?? 'new';
}

export const CASE_GROUP_VARIABLE: Record<CaseGroup, string> = {
  new: '--gh-case-new',
  working: '--gh-case-working',
  review: '--gh-case-review',
  held: '--gh-case-held',
};

export const TERMINAL_CASE_STATES = new Set(['not_accepted', 'not_registered', 'closed', 'void']);
