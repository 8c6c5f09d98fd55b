// Registers simulated cameras with a county by their ONVIF address, as an admin would: one
// POST /api/cameras each (the server reads every one over ONVIF), a few hundred metres apart.
import type { CameraView } from '../../core/contract/index.js';
import type { SimDeviceInfo } from '../../core/demo/sim/cameras/fleet.js';

/** `post` sends the body to POST /api/cameras as an admin and returns the registered camera. */
export async function registerSimCameras(devices: SimDeviceInfo[], post: (body: Record<string, unknown>) => Promise<CameraView>): Promise<Record<string, CameraView>> {
  const cameras: Record<string, CameraView> = {};
  for (const [i, d] of devices.entries()) {
    cameras[d.code] = await post({ code: d.code, name: d.name, kind: 'city', lon: 118.1 + i * 0.002, lat: 28.4, address: d.address, username: d.username, password: d.password });
  }
  return cameras;
}
