// The mechanical head of a simulated PTZ camera: position, continuous moves with a timeout,
// absolute and relative moves, presets and home. The picture follows it: the position picks
// the window of a wide scene that the encoder crops (pan and tilt move it, zoom shrinks it).
import { EventEmitter } from 'node:events';

/** Pan and tilt in -1..1 (ONVIF's generic space), zoom in 0..1. */
export interface PtzPosition {
  pan: number;
  tilt: number;
  zoom: number;
}

export interface PtzPreset {
  token: string;
  name: string;
  position: PtzPosition;
}

/** Generic units per second at velocity 1: a full pan sweep in 4 s, a full zoom in 3 s. */
const PAN_SPEED = 0.5;
const ZOOM_SPEED = 1 / 3;
/** Absolute moves and presets glide at this speed, so the move is seen. */
const GLIDE_SPEED = 1.5;
const TICK_MS = 40;
export const MAX_ZOOM_FACTOR = 6;
export const MAX_PRESETS = 32;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export function clampPosition(p: PtzPosition): PtzPosition {
  return { pan: clamp(p.pan, -1, 1), tilt: clamp(p.tilt, -1, 1), zoom: clamp(p.zoom, 0, 1) };
}

export function zoomFactor(zoom: number): number {
  return 1 + (MAX_ZOOM_FACTOR - 1) * zoom;
}

/** The window of a scene of w×h that a position shows (16:9, even numbers for yuv420). */
export function viewWindow(p: PtzPosition, sceneW: number, sceneH: number): { x: number; y: number; w: number; h: number } {
  const even = (v: number) => Math.max(2, Math.round(v / 2) * 2);
  const w = even(((sceneW * 2) / 3) / zoomFactor(p.zoom));
  const h = even((w * 9) / 16);
  const x = Math.round((((sceneW - w) / 2) * (1 + p.pan)) / 2) * 2;
  const y = Math.round((((sceneH - h) / 2) * (1 - p.tilt)) / 2) * 2;
  return { w, h, x: clamp(x, 0, sceneW - w), y: clamp(y, 0, sceneH - h) };
}

/** What the camera shows in the corner of its picture: "P +0.25 T -0.10 Z 2.0x". */
export function positionLabel(p: PtzPosition): string {
  const signed = (v: number) => (v >= 0 ? '+' : '-') + Math.abs(v).toFixed(2);
  return `P ${signed(p.pan)} T ${signed(p.tilt)} Z ${zoomFactor(p.zoom).toFixed(1)}x`;
}

type Motion =
  | { kind: 'velocity'; pan: number; tilt: number; zoom: number; until: number }
  | { kind: 'target'; target: PtzPosition };

export class PtzHead extends EventEmitter<{ change: [PtzPosition] }> {
  private position: PtzPosition = { pan: 0, tilt: 0, zoom: 0 };
  private home: PtzPosition = { pan: 0, tilt: 0, zoom: 0 };
  private motion: Motion | null = null;
  private timer: NodeJS.Timeout | null = null;
  private last = 0;
  private readonly presets = new Map<string, PtzPreset>();
  private nextPreset = 1;

  constructor(private readonly now: () => number = Date.now) {
    super();
  }

  get current(): PtzPosition {
    return { ...this.position };
  }

  get moving(): boolean {
    return this.motion !== null;
  }

  continuousMove(velocity: Partial<PtzPosition>, timeoutMs = 10_000): void {
    const v = { pan: clamp(velocity.pan ?? 0, -1, 1), tilt: clamp(velocity.tilt ?? 0, -1, 1), zoom: clamp(velocity.zoom ?? 0, -1, 1) };
    if (v.pan === 0 && v.tilt === 0 && v.zoom === 0) {
      this.stop();
      return;
    }
    this.start({ kind: 'velocity', ...v, until: this.now() + timeoutMs });
  }

  /** Puts the head at a position at once (installation). */
  place(position: PtzPosition): void {
    this.stop();
    this.position = clampPosition(position);
  }

  absoluteMove(target: Partial<PtzPosition>): void {
    this.start({ kind: 'target', target: clampPosition({ ...this.position, ...target }) });
  }

  relativeMove(delta: Partial<PtzPosition>): void {
    const p = this.position;
    this.absoluteMove({ pan: p.pan + (delta.pan ?? 0), tilt: p.tilt + (delta.tilt ?? 0), zoom: p.zoom + (delta.zoom ?? 0) });
  }

  stop(): void {
    this.motion = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  gotoHome(): void {
    this.absoluteMove(this.home);
  }

  setHome(): void {
    this.home = { ...this.position };
  }

  listPresets(): PtzPreset[] {
    return [...this.presets.values()];
  }

  /** Stores the current position under a name; an existing token is overwritten. */
  setPreset(name: string | undefined, token?: string): PtzPreset {
    if (token === undefined && this.presets.size >= MAX_PRESETS) throw new Error('TooManyPresets');
    if (token !== undefined && !this.presets.has(token)) throw new Error('NoToken');
    const t = token ?? `preset${this.nextPreset++}`;
    const preset = { token: t, name: name?.trim() || this.presets.get(t)?.name || `预置位${this.presets.size + 1}`, position: { ...this.position } };
    this.presets.set(t, preset);
    return preset;
  }

  gotoPreset(token: string): boolean {
    const preset = this.presets.get(token);
    if (!preset) return false;
    this.absoluteMove(preset.position);
    return true;
  }

  removePreset(token: string): boolean {
    return this.presets.delete(token);
  }

  private start(motion: Motion): void {
    this.motion = motion;
    this.last = this.now();
    if (!this.timer) {
      this.timer = setInterval(() => this.tick(), TICK_MS);
      this.timer.unref();
    }
  }

  private tick(): void {
    const motion = this.motion;
    if (!motion) return this.stop();
    const now = this.now();
    const dt = Math.max(0, now - this.last) / 1000;
    this.last = now;
    const p = this.position;
    if (motion.kind === 'velocity') {
      this.position = clampPosition({ pan: p.pan + motion.pan * PAN_SPEED * dt, tilt: p.tilt + motion.tilt * PAN_SPEED * dt, zoom: p.zoom + motion.zoom * ZOOM_SPEED * dt });
      if (now >= motion.until) this.stop();
    } else {
      const step = GLIDE_SPEED * dt;
      const toward = (from: number, to: number) => (Math.abs(to - from) <= step ? to : from + Math.sign(to - from) * step);
      const t = motion.target;
      this.position = { pan: toward(p.pan, t.pan), tilt: toward(p.tilt, t.tilt), zoom: toward(p.zoom, t.zoom) };
      if (this.position.pan === t.pan && this.position.tilt === t.tilt && this.position.zoom === t.zoom) this.stop();
    }
    if (this.position.pan !== p.pan || this.position.tilt !== p.tilt || this.position.zoom !== p.zoom) this.emit('change', this.current);
  }
}
