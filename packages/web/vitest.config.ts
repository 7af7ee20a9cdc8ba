import solid from "vite-plugin-solid"
import { defineProject, mergeConfig } from "vitest/config"
import { shared } from "../../vitest.shared.js"

/** Component tests run in jsdom; the end-to-end tests under test/e2e switch to node and drive Chromium. */
export default mergeConfig(
  shared,
  defineProject({
    plugins: [solid()],
    resolve: { conditions: ["development", "browser"] },
    test: {
      name: "web",
      environment: "jsdom",
      include: ["test/**/*.test.{ts,tsx}"],
      setupFiles: ["./test/setup.ts"],
      testTimeout: 60_000,
      // Inlined, so their own `solid-js/web` imports resolve to the browser build, as the app's do.
      server: { deps: { inline: [/@solidjs\/testing-library/, /@solidjs\/router/] } }
    }
  })
)
