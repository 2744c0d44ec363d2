import { readdirSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { REDOC_BUNDLE_PATH } from '../shared/openapi/docs-page.ts';

/**
 * Every top-level `*.html` in web/ is a page. The public pages are plain HTML + small TypeScript modules: they
 * must load on cheap phones (the form's first load stays under 150 KB), so no framework ships to residents.
 *
 * The dashboard's charts are the one large dependency. web/src/dashboard-charts.ts imports only the ECharts
 * parts it draws (echarts/core, two chart types, three components, the canvas renderer), and the dashboard
 * loads that module with a dynamic import once the report card is in. Even so, ECharts' core and zrender,
 * its drawing library, come to about 530 KB minified; they go into two chunks of their own (each under
 * Vite's 500 KB warning limit), which the browser fetches in parallel and caches apart from our code.
 */
const root = resolve(import.meta.dirname);
const pages = Object.fromEntries(
  readdirSync(root)
    .filter((file) => file.endsWith('.html'))
    .map((file) => [basename(file, '.html'), resolve(root, file)]),
);

/**
 * The API reference (`/api/docs`) renders with Redoc, self-hosted: the web build copies the standalone bundle of
 * the Redoc that the pinned `@redocly/cli` ships (`redoc` 3 itself needs Node 22; `redoc` 2 would pull React and
 * MobX into the project only for this file).
 */
function redocBundle(): Plugin {
  const source = resolve(root, '../node_modules/@redocly/cli/lib/chunks/redoc.standalone.js');
  return {
    name: 'huiyin-redoc-bundle',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: REDOC_BUNDLE_PATH.slice(1), source: readFileSync(source) });
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  plugins: [redocBundle()],
  build: {
    outDir: resolve(root, 'dist'),
    emptyOutDir: true,
    target: 'es2020',
    rolldownOptions: {
      input: pages,
      output: {
        codeSplitting: {
          groups: [
            { name: 'zrender', test: /[\\/]node_modules[\\/]zrender[\\/]/ },
            { name: 'echarts', test: /[\\/]node_modules[\\/]echarts[\\/]/ },
          ],
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/open311': 'http://127.0.0.1:3000' } },
});
