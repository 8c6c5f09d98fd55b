// Vehicles (作业/执法车辆): an arrow along the heading; a new position glides there, so the
// wall shows them moving as their reports arrive (vehicle position events, issue 7).
import type { WallVehicle } from '../../../../core/contract/index';
import { vehicleIcon } from './icons';
import { MarkerLayer } from './markers';
import { themeCss } from './palette';
import type { LayerContext } from './types';

/** Reports come every few seconds; gliding over the same time keeps the motion continuous. */
const GLIDE_MS = 4000;

export type VehiclePosition = Pick<WallVehicle, 'id' | 'lon' | 'lat' | 'headingDeg'>;

export class VehiclesLayer extends MarkerLayer<readonly VehiclePosition[]> {
  readonly id = 'vehicles' as const;

  constructor(ctx: LayerContext) {
    super('vehicles', 'vehicle', ctx, { width: 28, height: 28, anchor: 'center', farM: 20_000 });
  }

  private spec(v: VehiclePosition) {
    return { key: v.id, lon: v.lon, lat: v.lat, headingDeg: v.headingDeg, image: vehicleIcon(themeCss('--gh-device-vehicle')) };
  }

  update(vehicles: readonly VehiclePosition[]): void {
    this.markers.set(vehicles.map((v) => this.spec(v)));
  }

  /** One position report: the vehicle glides from where it was. */
  move(v: VehiclePosition): void {
    this.markers.upsert(this.spec(v), GLIDE_MS);
  }
}
