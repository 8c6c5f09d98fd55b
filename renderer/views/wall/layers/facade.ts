// The buildings' facade look, drawn by a CustomShader on the tileset: windows per bay and storey
// (core writes facade coordinates, TEXCOORD_0: bays along each wall, storeys up it, (-1, -1) on
// roofs), some lit warm and a few cyan as in an evening town, dark glass otherwise, walls in
// the building's height tint, roofs a lighter slab. Windows fade into the wall where they
// would be smaller than a pixel, so the county seen whole does not shimmer.
import * as Cesium from 'cesium';
import { themeColour } from './palette';

const vec3 = (c: Cesium.Color) => new Cesium.Cartesian3(c.red, c.green, c.blue);

export function facadeShader(): Cesium.CustomShader {
  return new Cesium.CustomShader({
    lightingModel: Cesium.LightingModel.PBR,
    uniforms: {
      u_glass: { type: Cesium.UniformType.VEC3, value: vec3(themeColour('--gh-building-glass', '#16263f')) },
      u_lit: { type: Cesium.UniformType.VEC3, value: vec3(themeColour('--gh-building-lit', '#ffd58a')) },
      u_litCool: { type: Cesium.UniformType.VEC3, value: vec3(themeColour('--gh-building-lit-cool', '#7de3f4')) },
      u_roof: { type: Cesium.UniformType.VEC3, value: vec3(themeColour('--gh-building-roof', '#5d7396')) },
    },
    fragmentShaderText: /* glsl */ `
      void fragmentMain(FragmentInput fsInput, inout czm_modelMaterial material) {
        vec2 uv = fsInput.attributes.texCoord_0;
        vec3 tint = fsInput.attributes.color_0.rgb;
        if (uv.x < -0.5) {
          material.diffuse = mix(u_roof, tint, 0.35);
          return;
        }
        vec2 cell = fract(uv);
        vec2 bay = floor(uv);
        float window = step(0.2, cell.x) * step(cell.x, 0.8) * step(0.3, cell.y) * step(cell.y, 0.8);
        // Sub-pixel windows would alias: fade them into an average glazed wall.
        vec2 size = fwidth(uv);
        float fade = clamp(1.6 - 2.5 * max(size.x, size.y), 0.0, 1.0);
        float seed = fract(sin(dot(bay + vec2(float(fsInput.featureIds.featureId_0) * 7.13, 0.0), vec2(12.9898, 78.233))) * 43758.5453);
        float lit = step(0.64, seed);
        vec3 light = mix(u_lit, u_litCool, step(0.9, seed));
        vec3 glass = mix(u_glass, light, lit);
        vec3 wall = tint * 0.62;
        vec3 far = mix(wall, mix(u_glass, light, 0.36), 0.42);
        material.diffuse = mix(far, mix(wall, glass, window), fade);
        material.emissive = light * window * lit * fade * 0.45 + light * (1.0 - fade) * 0.06;
      }
    `,
  });
}
