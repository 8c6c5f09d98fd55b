// Builds the console into dist/renderer, which core serves at / (and Electron loads from core).
import { cpSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig, type Plugin } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const cesiumBuild = path.resolve(here, '../node_modules/cesium/Build/Cesium');
// What CesiumJS loads at run time beside its ES modules: web workers, imagery and
// textures (NaturalEarthII ships here, so the globe needs no network), widget CSS, wasm decoders.
const cesiumRuntimeFolders = ['Workers', 'Assets', 'Widgets', 'ThirdParty'];

function copyCesiumRuntime(target: string): void {
  for (const folder of cesiumRuntimeFolders) {
    cpSync(path.join(cesiumBuild, folder), path.join(target, folder), { recursive: true });
  }
}

/** Puts Cesium's runtime files under <out>/cesium/ (window.CESIUM_BASE_URL points there). */
function cesiumRuntime(): Plugin {
  let outDir = '';
  return {
    name: 'gridhall:cesium-runtime',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    configureServer() {
      // The dev server serves public/; the copy there is git-ignored and made once.
      const devCopy = path.join(here, 'public', 'cesium');
      if (!existsSync(path.join(devCopy, 'Workers'))) copyCesiumRuntime(devCopy);
    },
    writeBundle() {
      copyCesiumRuntime(path.join(outDir, 'cesium'));
    },
  };
}

/**
 * Knockout (bundled with Cesium's widgets) finds the global object with `this || (0,eval)("this")`.
 * In an ES module `this` is undefined, so it evaluates a string, which the console's CSP
 * (no 'unsafe-eval') refuses, and the whole wall chunk fails to load. `globalThis` is the same
 * object without eval. Knockout's data-bind evaluation still needs eval, so Cesium widgets that
 * use bindings (geocoder, base-layer picker, info box...) stay off; the wall draws its UI in Vue.
 */
function cesiumWithoutEval(): Plugin {
  const evalGlobal = 'this||(0,eval)("this")';
  return {
    name: 'gridhall:cesium-without-eval',
    apply: 'build',
    transform(code, id) {
      if (!/[\\/]knockout-[\d.]+\.js$/.test(id)) return null;
      if (!code.includes(evalGlobal)) this.error(`knockout in ${id} no longer looks up the global with eval; drop this plugin if the wall loads under the CSP`);
      return { code: code.replace(evalGlobal, 'globalThis'), map: null };
    },
  };
}

export default defineConfig({
  root: here,
  // Absolute base: history-mode routes such as /admin/users must still find /assets/*.
  base: '/',
  plugins: [vue(), cesiumRuntime(), cesiumWithoutEval()],
  build: {
    outDir: path.resolve(here, '../dist/renderer'),
    emptyOutDir: true,
    // Two pages: the console, and the light 市民通 page for phones (no Cesium, no router), at /citizen/.
    rollupOptions: { input: { console: path.resolve(here, 'index.html'), citizen: path.resolve(here, 'citizen/index.html') } },
    // Cesium is one lazy chunk of a few MB, loaded only by the wall; that is expected.
    chunkSizeWarningLimit: 6000,
  },
  server: {
    host: '127.0.0.1',
    // `npm run dev:renderer` talks to a county server started apart (npm start); GRIDHALL_API overrides.
    proxy: {
      '/api': { target: process.env.GRIDHALL_API ?? 'http://127.0.0.1:12319', ws: true, changeOrigin: false },
    },
  },
});
