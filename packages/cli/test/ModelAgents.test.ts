import { describe, expect, it } from "@effect/vitest"
import { afterAll, beforeAll } from "vitest"
import { startChatServer } from "./support/ChatServer.js"
import { repoSuites } from "./support/Suites.js"
import { tempDirectory, ze } from "./support/Ze.js"

let chat: Awaited<ReturnType<typeof startChatServer>>
const cwd = tempDirectory("ze-models-")

beforeAll(async () => {
  chat = await startChatServer(() => ({ text: "I looked and changed nothing." }), "gpt-4o-mini-2024-07-18")
})
afterAll(async () => {
  await chat.close()
  cwd.remove()
})

describe("model agents through the real ze launcher", () => {
  // The launcher bundles its dependencies; one of them installs undici as Node's fetch dispatcher, which rejected
  // requests with an explicit content-length: only a subprocess test sees that.
  it("the openai agent talks to an OpenAI-compatible server and its usage is stored", async () => {
    const env = {
      ZE_SUITES_DIR: repoSuites,
      OPENAI_BASE_URL: chat.url,
      OPENAI_API_KEY: "test-key",
      ZE_CLIENT_RETRIES: "0"
    }
    const result = await ze(["bench", "smoke", "greeting", "L0", "openai", "--model", "gpt-4o-mini", "--quiet"], {
      cwd: cwd.directory,
      env
    })
    expect(result.stdout).toMatch(/smoke\/greeting \(L0\) openai \[gpt-4o-mini\] - \d+\.\d\d\/10 failed/)
    expect(result.code).toBe(0)
    expect(chat.requests[0]?.url).toBe("/v1/chat/completions")
    expect(chat.requests[0]?.body.model).toBe("gpt-4o-mini")
    expect(chat.requests[0]?.body.tools?.length).toBeGreaterThan(0)
    const runs = await ze(["runs", "list", "--agent", "openai", "--format", "json"], { cwd: cwd.directory })
    const runId = (JSON.parse(runs.stdout) as { runs: ReadonlyArray<{ runId: string }> }).runs[0]!.runId
    const shown = await ze(["runs", "show", runId, "--format", "json"], { cwd: cwd.directory })
    expect(JSON.parse(shown.stdout)).toMatchObject({
      telemetry: { tokensIn: 1200, tokensOut: 80 },
      run: { resolvedModel: "gpt-4o-mini-2024-07-18" }
    })
  })
})
