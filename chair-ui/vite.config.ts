import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/chair-ui',
    emptyOutDir: true,
  },
  server: {
    // `npx vite --config chair-ui/vite.config.ts` against a running server on the default port
    proxy: {
      '/socket.io': { target: 'https://127.0.0.1:8443', ws: true, secure: false },
    },
  },
});
