import { fileURLToPath } from "node:url"
import type { ViteUserConfig } from "vitest/config"

const root = fileURLToPath(new URL(".", import.meta.url))

/** Tests import workspace packages from source: no build needed before `pnpm test`. */
export const shared: ViteUserConfig = {
  resolve: {
    alias: [{ find: /^@ze\/([a-z]+)$/, replacement: `${root}packages/$1/src/index.ts` }]
  },
  test: {
    include: ["test/**/*.test.ts"],
    benchmark: { include: ["bench/**/*.bench.ts"] },
    setupFiles: [`${root}setupTests.ts`],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    env: { WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" }
  }
}
