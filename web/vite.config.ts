import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * The site is plain HTML + small TypeScript modules: the public pages must load on cheap phones (the form's
 * first load stays under 150 KB), so no framework ships to residents.
 */
export default defineConfig({
  root: resolve(import.meta.dirname),
  base: '/',
  build: {
    outDir: resolve(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    target: 'es2020',
    rollupOptions: {
      input: {
        index: resolve(import.meta.dirname, 'index.html'),
        track: resolve(import.meta.dirname, 'track.html'),
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
