// IoT sensors (物联感知): water-level gauges and smart manhole covers in their status colour;
// an alarm pulses.
import type { WallSensor } from '../../../../core/contract/index';
import { halo, sensorIcon } from './icons';
import { MarkerLayer } from './markers';
import { themeCss } from './palette';
import type { LayerContext } from './types';

export type SensorMarker = Pick<WallSensor, 'id' | 'kind' | 'lon' | 'lat' | 'status'>;

export class SensorsLayer extends MarkerLayer<readonly SensorMarker[]> {
  readonly id = 'sensors' as const;

  constructor(ctx: LayerContext) {
    super('sensors', 'sensor', ctx, { width: 26, height: 26, anchor: 'center', farM: 15_000 });
  }

  private spec(s: SensorMarker) {
    const colour = themeCss(`--gh-sensor-${s.status}`);
    return { key: s.id, lon: s.lon, lat: s.lat, image: sensorIcon(colour, s.kind), halo: s.status === 'alarm' ? halo(colour) : null };
  }

  update(sensors: readonly SensorMarker[]): void {
    this.markers.set(sensors.map((s) => this.spec(s)));
  }

  /** A status change from the live stream. */
  upsert(sensor: SensorMarker): void {
    this.markers.upsert(this.spec(sensor));
  }
}
