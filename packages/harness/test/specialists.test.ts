import { describe, expect, it } from "@effect/vitest"
import { ZeClient } from "@ze/client"
import { Effect, Either, Option, Redacted } from "effect"
import { existsSync } from "node:fs"
import { join } from "node:path"
import {
  Agents,
  deepMerge,
  detectTaskType,
  loadSpecialist,
  loadSuites,
  loadTemplate,
  makeAnthropicAgent,
  runBatch,
  specialistPrompt,
  templateFiles
} from "../src/index.js"
import { SYSTEM_PROMPT } from "../src/models/SystemPrompt.js"
import { anthropicMessage, text, toolUse } from "./models/AnthropicFake.js"
import { fakeServer } from "./models/FakeServer.js"
import { FIZZBUZZ_FIX } from "./models/Fixture.js"
import { repoRoot, suitesRoot, tempDir, upstreamSuitesRoot, withHarness, writeTree } from "./support.js"

const upstreamTemplates = join(upstreamSuitesRoot, "..", "templates")

const demoSpecialist = JSON.stringify({
  name: "fizz-specialist",
  version: "1.2.3",
  preferred_models: [{ model: "claude-fizz-1" }],
  prompts: {
    default: { spawnerPrompt: "You are a FizzBuzz expert working on {{scenario.id}} ({{tier}})." },
    model_specific: {
      "claude-fizz-1": { spawnerPrompt: "You are a FizzBuzz expert on claude-fizz-1 for {{scenario.id}}." }
    },
    testing: { default: { systemPrompt: "Implement it in small, tested steps." } }
  }
})

describe("specialist templates", () => {
  it.effect("every upstream template loads; one whose `from` base is missing says which and where it looked", () =>
    Effect.gen(function*() {
      if (!existsSync(upstreamTemplates)) {
        console.log(`skipped: no upstream templates at ${upstreamTemplates}`)
        return
      }
      const files = yield* templateFiles(upstreamTemplates)
      expect(files.length).toBeGreaterThanOrEqual(6)
      for (const file of files) {
        const loaded = yield* Effect.either(loadTemplate(file))
        if (file.endsWith("qa-backend-engineer.jsonc")) {
          expect(Either.isLeft(loaded)).toBe(true)
          if (Either.isLeft(loaded)) {
            expect(loaded.left.message).toContain(file)
            expect(loaded.left.message).toContain(`from "@quality-assurance/base": no such template`)
          }
          continue
        }
        expect(Either.isRight(loaded), Either.isLeft(loaded) ? loaded.left.message : file).toBe(true)
      }
      const nextjs = yield* loadSpecialist(upstreamTemplates, "nextjs-specialist")
      expect(nextjs.template.name).toBe("nextjs-specialist")
      const prompt = specialistPrompt(nextjs.template, {
        prompt: "Migrate this project from the Pages Router to the App Router",
        model: "anthropic/claude-sonnet-4.5",
        variables: {}
      })
      expect(prompt.taskType).toBe("migration")
      expect(prompt.systemPrompt).toContain("powered by Claude Sonnet 4.5")
      expect(prompt.systemPrompt).toContain("focused on migrations")
      const mcp = yield* loadSpecialist(upstreamTemplates, "mcp-demo-specialist")
      expect(mcp.template.dependencies?.mcps?.[0]?.name).toBe("github")
    }))

  it.scoped("from: objects deep-merge, arrays and primitives replace, cycles and bad fields name the file", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir()
      writeTree(dir, {
        "base.jsonc": `{
          // a comment, as upstream's templates have
          name: "base", version: "1.0.0",
          persona: { purpose: "base purpose", values: ["a", "b"] },
          preferred_models: [{ model: "m1" }, { model: "m2" }],
        }`,
        "child.json5":
          `{ from: "base", name: "child", persona: { values: ["c"] }, preferred_models: [{ model: "m3" }] }`,
        "loop-a.jsonc": `{ "from": "./loop-b.jsonc", "name": "a", "version": "1" }`,
        "loop-b.jsonc": `{ "from": "./loop-a.jsonc", "name": "b", "version": "1" }`,
        "bad.jsonc": `{ "name": "bad", "version": 3, "preferred_models": [{ "weight": 1 }] }`
      })
      const child = yield* loadTemplate(join(dir, "child.json5"))
      expect(child.name).toBe("child")
      expect(child.version).toBe("1.0.0")
      expect(child.persona).toEqual({ purpose: "base purpose", values: ["c"] })
      expect(child.preferred_models).toEqual([{ model: "m3" }])
      const loop = yield* Effect.flip(loadTemplate(join(dir, "loop-a.jsonc")))
      expect(loop.message).toContain("makes a cycle")
      const bad = yield* Effect.flip(loadTemplate(join(dir, "bad.jsonc")))
      expect(bad.message).toContain(join(dir, "bad.jsonc"))
      expect(bad.message).toContain("version")
      expect(bad.message).toContain("preferred_models[0].model")
      const bundled = yield* loadSpecialist(join(repoRoot, "templates"), "fizzbuzz-specialist")
      expect(bundled.version).toBe("0.1.0")
      const missing = yield* Effect.flip(loadSpecialist(dir, "nobody"))
      expect(missing.message).toContain("child.json5")
      expect(deepMerge({ a: { b: 1, c: [1] } }, { a: { c: [2] } })).toEqual({ a: { b: 1, c: [2] } })
      expect(detectTaskType("Write tests for the parser")).toBe("testing")
    }))

  it.live(
    "a specialist wraps the anthropic agent end to end: its prompt and model are sent, its name and version stored",
    () =>
      withHarness(() =>
        Effect.gen(function*() {
          const dir = yield* tempDir()
          writeTree(dir, { "fizz-specialist.jsonc": demoSpecialist })
          const specialist = yield* loadSpecialist(dir, "fizz-specialist")
          const server = yield* fakeServer([
            anthropicMessage([toolUse("writeFile", { path: "src/fizzbuzz.js", content: FIZZBUZZ_FIX })], {
              input_tokens: 100,
              output_tokens: 50
            }, "claude-fizz-1-20260101"),
            anthropicMessage(
              [text("Implemented fizzbuzz.")],
              { input_tokens: 100, output_tokens: 10 },
              "claude-fizz-1-20260101"
            )
          ])
          const agent = makeAnthropicAgent({
            apiKey: Option.some(Redacted.make("sk-ant-test")),
            baseUrl: server.url,
            maxRetries: 0,
            requestTimeoutMs: 10_000,
            defaultModel: "claude-default",
            maxTokensPerTurn: 1024,
            defaultMaxTurns: 10,
            systemPrompt: SYSTEM_PROMPT
          })
          const { scenarios } = yield* loadSuites(suitesRoot, { suites: ["demo"], scenarios: ["fizzbuzz"] })
          const summary = yield* runBatch({
            batchId: "batch-specialist",
            matrix: {
              scenarios,
              tiers: ["L1"],
              agents: [{ agent: "anthropic", model: null, specialist: "fizz-specialist" }],
              specialists: new Map([["fizz-specialist", specialist]])
            }
          }).pipe(Effect.provide(Agents.with([agent])))
          expect(summary.results[0]?.status, summary.results[0]?.failureReason ?? "").toBe("passed")
          const body = server.requests[0]?.body as { model: string; system: string }
          expect(body.model).toBe("claude-fizz-1")
          expect(body.system).toBe(
            `You are a FizzBuzz expert on claude-fizz-1 for ${
              scenarios[0]!.config.id
            }.\n\nImplement it in small, tested steps.`
          )
          const client = yield* ZeClient
          const detail = yield* client.runs.get({ path: { runId: summary.results[0]!.cell.runId } })
          expect(detail.run).toMatchObject({
            agent: "anthropic",
            specialistEnabled: true,
            specialistName: "fizz-specialist",
            specialistVersion: "1.2.3",
            resolvedModel: "claude-fizz-1-20260101"
          })
          expect(detail.telemetry?.promptSent).toContain("FizzBuzz expert")
        })
      ),
    120_000
  )
})
