import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// `npm start` serves the built SPA from the observer server itself (one port).
// `npm run dev` runs Vite's dev server and proxies the API to that server.
const apiTarget = process.env.OBSERVATORY_API ?? "http://127.0.0.1:12000";

export default defineConfig({
  plugins: [react()],
  server: {
    host: "127.0.0.1",
    proxy: {
      "/observer.Observer": { target: apiTarget, changeOrigin: true },
    },
  },
  build: {
    outDir: "dist",
    chunkSizeWarningLimit: 2048,
  },
  test: {
    include: ["src/**/*.test.ts", "mock-server/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
  },
});
