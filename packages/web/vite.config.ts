import { fileURLToPath } from "node:url"
import { defineConfig } from "vite"
import solid from "vite-plugin-solid"

const packages = fileURLToPath(new URL("..", import.meta.url))
const api = process.env.ZE_SERVER_URL ?? "http://127.0.0.1:8787"

/** The dashboard builds into dist/app, which `ze serve` and the Worker's static assets both serve. */
export default defineConfig({
  plugins: [solid()],
  resolve: {
    alias: [{ find: /^@ze\/(domain|client)$/, replacement: `${packages}$1/src/index.ts` }],
    dedupe: ["effect", "@effect/platform", "solid-js"]
  },
  build: {
    outDir: "dist/app",
    emptyOutDir: true,
    target: "es2022",
    reportCompressedSize: false,
    rollupOptions: {
      output: {
        // Named chunks make the size report readable: charts and highlighting load only with the pages that use them.
        manualChunks: (id) =>
          /[\\/]node_modules[\\/].*(@observablehq|d3-|interval-tree|isoformat|binary-search)/.test(id) ?
            "plot"
            : /[\\/]node_modules[\\/].*highlight\.js/.test(id) ?
            "highlight"
            : undefined
      }
    }
  },
  server: {
    host: "127.0.0.1",
    port: 5173,
    proxy: Object.fromEntries(["/api", "/health", "/docs"].map((path) => [path, { target: api, changeOrigin: true }]))
  }
})
