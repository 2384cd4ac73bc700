// SPDX-License-Identifier: Apache-2.0
// Vite build of the dashboard into web/dist (served by `cityos serve` at /). The dev server
// proxies the broker's APIs to CITYOS_URL (default http://127.0.0.1:1026).
import { defineConfig } from 'vite';

const broker = process.env.CITYOS_URL ?? 'http://127.0.0.1:1026';

export default defineConfig({
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        manualChunks: { maplibre: ['maplibre-gl'] },
      },
    },
  },
  server: {
    proxy: {
      '/ngsi-ld': broker,
      '/api': { target: broker, changeOrigin: false },
      '/health': broker,
    },
  },
});
