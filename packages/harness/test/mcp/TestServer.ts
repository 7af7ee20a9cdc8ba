import { fileURLToPath } from "node:url"
import type { McpServerSpec } from "../../src/index.js"

/** The stdio MCP server written for the tests (TestServer.mjs), declared as a scenario or specialist would. */
export const testServer = (overrides: Partial<McpServerSpec> = {}): McpServerSpec => ({
  name: "test",
  command: process.execPath,
  args: [fileURLToPath(new URL("./TestServer.mjs", import.meta.url))],
  required: true,
  ...overrides
})
