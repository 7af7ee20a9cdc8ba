import { defineProject, mergeConfig } from "vitest/config"
import { shared } from "../../vitest.shared.js"

/** Every test starts the real `ze` as a subprocess, and bench tests run real scenarios: generous timeouts. */
export default mergeConfig(
  shared,
  defineProject({ test: { name: "cli", globalSetup: ["./test/support/globalSetup.ts"], testTimeout: 180_000 } })
)
