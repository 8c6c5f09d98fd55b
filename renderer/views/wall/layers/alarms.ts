// 告警 on the map: every alarm not yet handled, a warning triangle with a pulsing halo where it
// happened (critical red, major amber, minor and info grey). A click opens it in 告警中心.
import type { AlarmItem } from '../../../../core/contract/index';
import { alarmIcon, halo } from './icons';
import { MarkerLayer } from './markers';
import { themeCss } from './palette';
import type { LayerContext } from './types';

export type AlarmMarker = Pick<AlarmItem, 'id' | 'lon' | 'lat' | 'severity' | 'state'>;

export class AlarmsLayer extends MarkerLayer<readonly AlarmMarker[]> {
  readonly id = 'alarms' as const;

  constructor(ctx: LayerContext) {
    super('alarms', 'alarm', ctx, { width: 34, height: 31, anchor: 'bottom', farM: 60_000, heightM: 6 });
  }

  /** Alarms come and go at any time: the wall's "everything loaded" never waits for their symbols. */
  override get ready(): boolean {
    return true;
  }

  private spec(a: AlarmMarker & { lon: number; lat: number }) {
    const colour = a.severity === 'critical' ? themeCss('--gh-sensor-alarm') : a.severity === 'major' ? '#f59e0b' : '#94a3b8';
    return { key: a.id, lon: a.lon, lat: a.lat, image: alarmIcon(colour), halo: a.state === 'new' ? halo(colour) : null };
  }

  /** The open alarms with a place; the rest leave the map. */
  update(alarms: readonly AlarmMarker[]): void {
    this.markers.set(alarms.filter((a): a is AlarmMarker & { lon: number; lat: number } => a.lon !== null && a.lat !== null && a.state !== 'handled').map((a) => this.spec(a)));
  }
}
