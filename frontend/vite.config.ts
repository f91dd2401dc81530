/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// A running `trainboard --logdir ... --port 6006` answers /api and /data during `npm run dev`.
const backend = process.env.TRAINBOARD_BACKEND ?? "http://127.0.0.1:6006";

export default defineConfig({
  plugins: [react()],
  // Relative asset URLs let the server mount the app under any --path_prefix.
  base: "./",
  build: {
    outDir: "../src/trainboard/static",
    // public/.gitkeep is copied back, so the tracked placeholder survives a clean build.
    emptyOutDir: true,
    chunkSizeWarningLimit: 800,
  },
  server: {
    proxy: {
      "/api": { target: backend, changeOrigin: true },
      "/data": { target: backend, changeOrigin: true },
    },
  },
  test: {
    environment: "jsdom",
    globals: true,
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["./vitest.setup.ts"],
  },
});
