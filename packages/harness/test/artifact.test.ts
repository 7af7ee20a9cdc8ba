import { describe, expect, it } from "@effect/vitest"
import { ZeClient } from "@ze/client"
import { Effect, Layer, Option, Redacted } from "effect"
import { existsSync } from "node:fs"
import { join } from "node:path"
import {
  Agents,
  anthropicJudgeModel,
  judgeCategories,
  LlmJudge,
  loadSpecialist,
  loadSuites,
  makeAnthropicAgent,
  makeModelJudge,
  runBatch
} from "../src/index.js"
import type { Scenario } from "../src/index.js"
import { SYSTEM_PROMPT } from "../src/models/SystemPrompt.js"
import { testServer } from "./mcp/TestServer.js"
import { anthropicMessage, text, toolUse } from "./models/AnthropicFake.js"
import { fakeServer } from "./models/FakeServer.js"
import { tempDir, upstreamSuitesRoot, withHarness, writeTree } from "./support.js"

const judgeAnswer = (scenario: Scenario, score: number) =>
  JSON.stringify({
    scores: judgeCategories(scenario.config.llm_judge?.categories ?? []).map((c) => ({
      category: c.slug,
      score,
      reasoning: "Scripted."
    })),
    overall_assessment: "Scripted judge."
  })

const runDemo = (judgeScore: number | null) =>
  withHarness(() =>
    Effect.gen(function*() {
      const { invalid, scenarios } = yield* loadSuites(upstreamSuitesRoot, {
        suites: ["mcp-demos"],
        scenarios: ["github-repo-demo"]
      })
      expect(invalid).toEqual([])
      const scenario = scenarios[0]!
      const dir = yield* tempDir()
      writeTree(dir, {
        "local-mcp.jsonc": JSON.stringify({
          name: "local-mcp",
          version: "0.1.0",
          prompts: { default: { spawnerPrompt: "You demonstrate MCP tools." } },
          dependencies: { mcps: [testServer()] }
        })
      })
      const specialist = yield* loadSpecialist(dir, "local-mcp")
      const usage = { input_tokens: 100, output_tokens: 20 }
      const server = yield* fakeServer([
        anthropicMessage([text("Using the MCP tool test_shout."), toolUse("test_shout", { text: "mcp works" })], usage),
        anthropicMessage([text("The MCP tool answered MCP WORKS.")], usage),
        ...(judgeScore === null ? [] : [anthropicMessage([text(judgeAnswer(scenario, judgeScore))], usage)])
      ])
      const client = {
        apiKey: Option.some(Redacted.make("sk-ant-test")),
        baseUrl: server.url,
        maxRetries: 0,
        requestTimeoutMs: 10_000
      }
      const agent = makeAnthropicAgent({
        ...client,
        defaultModel: "claude-sonnet-5-5",
        maxTokensPerTurn: 1024,
        defaultMaxTurns: 10,
        systemPrompt: SYSTEM_PROMPT
      })
      const judge = judgeScore === null
        ? LlmJudge.unavailable
        : makeModelJudge(anthropicJudgeModel(client, Redacted.make("sk-ant-test"), "claude-sonnet-5-5"))
      const summary = yield* runBatch({
        batchId: `batch-mcp-demo-${judgeScore}`,
        matrix: {
          scenarios,
          tiers: ["L1"],
          agents: [{ agent: "anthropic", model: null, specialist: "local-mcp" }],
          specialists: new Map([["local-mcp", specialist]])
        }
      }).pipe(Effect.provide(Layer.merge(Agents.with([agent]), Layer.succeed(LlmJudge, judge))))
      const result = summary.results[0]!
      const ze = yield* ZeClient
      const detail = yield* ze.runs.get({ path: { runId: result.cell.runId } })
      const transcript = detail.artifacts.some((a) => a.name === "transcript.json")
        ? yield* ze.runs.artifact({ path: { runId: result.cell.runId, name: "transcript.json" } })
        : ""
      return { result, detail, server, transcript }
    })
  )

describe("artifact scenarios (no workspace): upstream's mcp-demos with a local MCP server", () => {
  it.live(
    "github-repo-demo runs end to end: the MCP tool is offered and called, the judge alone scores it",
    () =>
      Effect.gen(function*() {
        if (!existsSync(join(upstreamSuitesRoot, "mcp-demos"))) {
          console.log(`skipped: no upstream suites at ${upstreamSuitesRoot}`)
          return
        }
        const { detail, result, server, transcript } = yield* runDemo(5)
        expect(result.status, result.failureReason ?? "").toBe("passed")
        expect(result.evaluations.map((e) => e.name)).toEqual(["llm_judge"])
        const first = server.requests[0]?.body as {
          tools: ReadonlyArray<{ name: string }>
          messages: ReadonlyArray<{ content: unknown }>
        }
        expect(first.tools.map((t) => t.name)).toContain("test_shout")
        expect(JSON.stringify(first.messages[0]?.content)).toContain("search_repositories")
        const toolResult = JSON.stringify((server.requests[1]?.body as { messages: unknown }).messages)
        expect(toolResult).toContain("MCP WORKS")
        expect(detail.run).toMatchObject({ specialistName: "local-mcp", specialistVersion: "0.1.0" })
        expect(JSON.parse(detail.run.metadata ?? "{}").mcpServers).toMatchObject([{ name: "test", status: "started" }])
        expect(transcript).toContain(`"tool": "test_shout"`)
      }).pipe(Effect.scoped),
    120_000
  )

  it.live("without a judge the same run cannot pass", () =>
    Effect.gen(function*() {
      if (!existsSync(join(upstreamSuitesRoot, "mcp-demos"))) {
        console.log(`skipped: no upstream suites at ${upstreamSuitesRoot}`)
        return
      }
      const { result } = yield* runDemo(null)
      expect(result.status).not.toBe("passed")
      expect(result.failureReason).toContain("llm_judge")
    }).pipe(Effect.scoped), 120_000)
})
