import { describe, expect, it } from "@effect/vitest"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { afterAll, beforeAll } from "vitest"
import { repoSuites } from "./support/Suites.js"
import { tempDirectory, ze } from "./support/Ze.js"

/** A chat-completions endpoint on loopback that answers every request with a final message and its usage. */
const requests: Array<
  { readonly url: string; readonly body: { readonly model: string; readonly tools?: ReadonlyArray<unknown> } }
> = []
const server = createServer((request, response) => {
  let text = ""
  request.on("data", (chunk) => (text += chunk))
  request.on("end", () => {
    requests.push({ url: request.url ?? "", body: JSON.parse(text) })
    response.writeHead(200, { "content-type": "application/json" })
    response.end(JSON.stringify({
      id: "chatcmpl-1",
      object: "chat.completion",
      model: "gpt-4o-mini-2024-07-18",
      choices: [{
        index: 0,
        message: { role: "assistant", content: "I looked and changed nothing." },
        finish_reason: "stop"
      }],
      usage: { prompt_tokens: 1200, completion_tokens: 80, total_tokens: 1280 }
    }))
  })
})
let baseUrl = ""
const cwd = tempDirectory("ze-models-")

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
  cwd.remove()
})

describe("model agents through the real ze launcher", () => {
  // The launcher bundles its dependencies; one of them installs undici as Node's fetch dispatcher, which rejected
  // requests with an explicit content-length: only a subprocess test sees that.
  it("the openai agent talks to an OpenAI-compatible server and its usage is stored", async () => {
    const env = {
      ZE_SUITES_DIR: repoSuites,
      OPENAI_BASE_URL: baseUrl,
      OPENAI_API_KEY: "test-key",
      ZE_CLIENT_RETRIES: "0"
    }
    const result = await ze(["bench", "smoke", "greeting", "L0", "openai", "--model", "gpt-4o-mini", "--quiet"], {
      cwd: cwd.directory,
      env
    })
    expect(result.stdout).toMatch(/smoke\/greeting \(L0\) openai \[gpt-4o-mini\] - \d+\.\d\d\/10 failed/)
    expect(result.code).toBe(0)
    expect(requests[0]?.url).toBe("/v1/chat/completions")
    expect(requests[0]?.body.model).toBe("gpt-4o-mini")
    expect(requests[0]?.body.tools?.length).toBeGreaterThan(0)
    const runs = await ze(["runs", "list", "--agent", "openai", "--format", "json"], { cwd: cwd.directory })
    const runId = (JSON.parse(runs.stdout) as { runs: ReadonlyArray<{ runId: string }> }).runs[0]!.runId
    const shown = await ze(["runs", "show", runId, "--format", "json"], { cwd: cwd.directory })
    expect(JSON.parse(shown.stdout)).toMatchObject({
      telemetry: { tokensIn: 1200, tokensOut: 80 },
      run: { resolvedModel: "gpt-4o-mini-2024-07-18" }
    })
  })
})
