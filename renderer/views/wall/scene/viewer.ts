// The wall's Cesium scene, offline: NaturalEarthII from our own /cesium/ folder far out, the
// county base map core draws (XYZ tiles) near in, ellipsoid terrain (a DEM can be set through
// `terrainProvider` later), no ion, no knockout widgets. Full quality by default for a hall
// GPU; `lite` (1× MSAA, no atmosphere, sky, sun or moon, render on request) for software WebGL.
import * as Cesium from 'cesium';
import type { BasemapInfo } from '../../../../core/contract/index';

export interface WallSceneOptions {
  lite: boolean;
  /** A terrain provider for a real DEM; the ellipsoid when absent. */
  terrainProvider?: Cesium.TerrainProvider;
}

export function createWallViewer(container: HTMLElement, options: WallSceneOptions): Cesium.Viewer {
  Cesium.Ion.defaultAccessToken = '';
  const naturalEarth = Cesium.ImageryLayer.fromProviderAsync(Cesium.TileMapServiceImageryProvider.fromUrl(Cesium.buildModuleUrl('Assets/Textures/NaturalEarthII')), {
    // The world a faint shadow on the navy ground, so the county stands out.
    alpha: 0.35,
    brightness: 0.7,
    saturation: 0.3,
  });
  const viewer = new Cesium.Viewer(container, {
    baseLayer: naturalEarth,
    terrainProvider: options.terrainProvider ?? new Cesium.EllipsoidTerrainProvider(),
    baseLayerPicker: false,
    geocoder: false,
    homeButton: false,
    sceneModePicker: false,
    navigationHelpButton: false,
    animation: false,
    timeline: false,
    fullscreenButton: false,
    infoBox: false,
    selectionIndicator: false,
    msaaSamples: options.lite ? 1 : 4,
    skyAtmosphere: options.lite ? false : undefined,
    skyBox: options.lite ? false : undefined,
    requestRenderMode: options.lite,
    maximumRenderTimeChange: options.lite ? Number.POSITIVE_INFINITY : 0,
  });
  const scene = viewer.scene;
  scene.backgroundColor = Cesium.Color.fromCssColorString('#040b18');
  scene.globe.baseColor = Cesium.Color.fromCssColorString('#0b1b30');
  scene.globe.depthTestAgainstTerrain = false;
  if (options.lite) {
    if (scene.sun) scene.sun.show = false;
    if (scene.moon) scene.moon.show = false;
    scene.fog.enabled = false;
    scene.globe.showGroundAtmosphere = false;
    // Fewer, coarser globe tiles: software WebGL loads one batch per frame at about one frame a second.
    scene.globe.maximumScreenSpaceError = 3;
  }
  // The wall draws its own credits line: the base map is the county's.
  (viewer.cesiumWidget.creditContainer as HTMLElement).style.display = 'none';
  return viewer;
}

/** The county base map over the globe, only within the county (the layer's rectangle). */
export function addCountyBasemap(viewer: Cesium.Viewer, info: BasemapInfo, headers: Record<string, string>): Cesium.ImageryLayer {
  const rectangle = Cesium.Rectangle.fromDegrees(info.bbox.west, info.bbox.south, info.bbox.east, info.bbox.north);
  const provider = new Cesium.UrlTemplateImageryProvider({
    url: new Cesium.Resource({ url: info.url, headers }),
    tilingScheme: new Cesium.WebMercatorTilingScheme(),
    minimumLevel: info.minZoom,
    maximumLevel: info.maxZoom,
    tileWidth: info.tileSize,
    tileHeight: info.tileSize,
    rectangle,
    credit: new Cesium.Credit('Gridhall 县区底图'),
  });
  return viewer.imageryLayers.addImageryProvider(provider);
}

/**
 * A fixed afternoon light over the county (from the south-east, 50° up) instead of Cesium's sun,
 * which follows the clock: a wall runs day and night, and at night the sun lit the buildings
 * from below the horizon, leaving them nearly black.
 */
export function lightCounty(viewer: Cesium.Viewer, bbox: { west: number; south: number; east: number; north: number }): void {
  const centre = Cesium.Cartesian3.fromDegrees((bbox.west + bbox.east) / 2, (bbox.south + bbox.north) / 2);
  const frame = Cesium.Transforms.eastNorthUpToFixedFrame(centre);
  const east = Cesium.Matrix4.getColumn(frame, 0, new Cesium.Cartesian4());
  const north = Cesium.Matrix4.getColumn(frame, 1, new Cesium.Cartesian4());
  const up = Cesium.Matrix4.getColumn(frame, 2, new Cesium.Cartesian4());
  const elevation = Cesium.Math.toRadians(50);
  const azimuth = Cesium.Math.toRadians(135); // from north, clockwise: south-east
  const horizontal = Math.cos(elevation);
  // Where the light comes from; it travels the other way.
  const from = new Cesium.Cartesian3(
    horizontal * (Math.sin(azimuth) * east.x + Math.cos(azimuth) * north.x) + Math.sin(elevation) * up.x,
    horizontal * (Math.sin(azimuth) * east.y + Math.cos(azimuth) * north.y) + Math.sin(elevation) * up.y,
    horizontal * (Math.sin(azimuth) * east.z + Math.cos(azimuth) * north.z) + Math.sin(elevation) * up.z,
  );
  const direction = Cesium.Cartesian3.normalize(Cesium.Cartesian3.negate(from, new Cesium.Cartesian3()), new Cesium.Cartesian3());
  viewer.scene.light = new Cesium.DirectionalLight({ direction, intensity: 2.0 });
  viewer.scene.requestRender();
}

export interface CountyExtent {
  west: number;
  south: number;
  east: number;
  north: number;
}

/**
 * The home view: the whole county from the south, tilted so buildings read as 3D. The same
 * view every time (tests take their pixel checks from it).
 */
export function homeView(viewer: Cesium.Viewer, bbox: CountyExtent, duration = 1.5): void {
  const centreLon = (bbox.west + bbox.east) / 2;
  const centreLat = (bbox.south + bbox.north) / 2;
  const widthM = (bbox.east - bbox.west) * 111_320 * Math.cos((centreLat * Math.PI) / 180);
  const heightM = (bbox.north - bbox.south) * 110_540;
  const span = Math.max(widthM, heightM, 600);
  const pitch = Cesium.Math.toRadians(-38);
  const range = span * 1.15;
  const target = Cesium.Cartesian3.fromDegrees(centreLon, centreLat, 0);
  const offset = new Cesium.HeadingPitchRange(0, pitch, range);
  if (viewer.scene.mode !== Cesium.SceneMode.SCENE3D) {
    viewer.camera.flyTo({ destination: Cesium.Rectangle.fromDegrees(bbox.west, bbox.south, bbox.east, bbox.north), duration });
    return;
  }
  if (duration === 0) {
    viewer.camera.lookAt(target, offset);
    viewer.camera.lookAtTransform(Cesium.Matrix4.IDENTITY);
  } else {
    viewer.camera.flyToBoundingSphere(new Cesium.BoundingSphere(target, 1), { offset, duration });
  }
  viewer.scene.requestRender();
}

/** Flies to a point, looking down on it from `range` metres, tilted like the home view. */
export function flyToPoint(viewer: Cesium.Viewer, lon: number, lat: number, range = 400, duration = 1.2): Promise<void> {
  return new Promise((resolve) => {
    const target = new Cesium.BoundingSphere(Cesium.Cartesian3.fromDegrees(lon, lat, 0), 1);
    viewer.camera.flyToBoundingSphere(target, { offset: new Cesium.HeadingPitchRange(0, Cesium.Math.toRadians(-60), range), duration, complete: () => resolve(), cancel: () => resolve() });
    viewer.scene.requestRender();
  });
}

/**
 * Whether WebGL runs in software (SwiftShader, llvmpipe): a PC with no usable GPU, or a test
 * browser. The wall then starts in lite mode unless `?lite=0` asks for full quality.
 */
export function softwareRendering(): boolean {
  try {
    const canvas = document.createElement('canvas');
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
    if (!gl) return true;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return /swiftshader|llvmpipe|softpipe|software/i.test(renderer);
  } catch {
    return false;
  }
}
