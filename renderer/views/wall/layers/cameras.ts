// Cameras (视频监控): a symbol per camera with its field of view pointing along its heading.
import type { WallCamera } from '../../../../core/contract/index';
import { cameraIcon } from './icons';
import { MarkerLayer } from './markers';
import { themeCss } from './palette';
import type { LayerContext } from './types';

export class CamerasLayer extends MarkerLayer<readonly WallCamera[]> {
  readonly id = 'cameras' as const;

  constructor(ctx: LayerContext) {
    super('cameras', 'camera', ctx, { width: 34, height: 34, anchor: 'center', farM: 15_000 });
  }

  update(cameras: readonly WallCamera[]): void {
    const colour = themeCss('--gh-device-camera');
    this.markers.set(cameras.map((c) => ({ key: c.id, lon: c.lon, lat: c.lat, headingDeg: c.headingDeg, image: cameraIcon(colour, c.ptz) })));
  }
}
