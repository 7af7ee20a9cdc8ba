import { FetchHttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Either, Layer, Option, Redacted } from "effect"
import type { JudgeInput } from "../../src/evaluators/LlmJudge.js"
import { LlmJudge } from "../../src/evaluators/LlmJudge.js"
import type { AnthropicClientOptions } from "../../src/models/AnthropicClient.js"
import {
  anthropicJudgeModel,
  judgeConfig,
  judgeFromConfig,
  LlmJudgeFromConfig,
  makeModelJudge,
  openAiJudgeModel
} from "../../src/models/Judge.js"
import { categorySlug, judgeCategories, weightInText } from "../../src/models/JudgePrompt.js"
import { loadScenario } from "../../src/scenario/Loader.js"
import type { Scenario } from "../../src/scenario/Scenario.js"
import { suitesRoot } from "../support.js"
import { anthropicMessage, text } from "./AnthropicFake.js"
import { fakeServer } from "./FakeServer.js"
import type { FakeRequest } from "./FakeServer.js"
import { chatCompletionResponse } from "./OpenAiFake.js"

const anthropicOptions = (baseUrl: string): AnthropicClientOptions => ({
  apiKey: Option.some(Redacted.make("judge-key")),
  baseUrl,
  maxRetries: 1,
  requestTimeoutMs: 10_000
})

const judgeInput = (scenario: Scenario): JudgeInput => ({
  scenario,
  finalText: "Implemented fizzbuzz.",
  diff: {
    files: [{ path: "src/fizzbuzz.js", status: "modified" }],
    patch: "--- a/src/fizzbuzz.js\n+++ b/src/fizzbuzz.js\n",
    dependencies: []
  },
  commands: [{
    kind: "test",
    command: "node --test",
    required: true,
    passed: true,
    exitCode: 0,
    timedOut: false,
    durationMs: 5,
    stdoutTail: "",
    stderrTail: ""
  }]
})

const withJudge = (scenario: Scenario, judge: Partial<NonNullable<Scenario["config"]["llm_judge"]>>): Scenario => ({
  ...scenario,
  config: { ...scenario.config, llm_judge: { ...scenario.config.llm_judge, ...judge } }
})

const answer = (correctness: number, clarity: number) =>
  JSON.stringify({
    scores: [
      { category: "correctness", score: correctness, reasoning: "Right for every n." },
      { category: "clarity", score: clarity, reasoning: "Fine." }
    ],
    overall_assessment: "Good."
  })

const userText = (request: FakeRequest | undefined) =>
  ((request?.body as { messages: ReadonlyArray<{ content: string }> }).messages.at(-1)?.content) ?? ""

const fizzbuzz = loadScenario(suitesRoot, "demo", "fizzbuzz")

describe("LLM judge", () => {
  it("weights: explicit, else written in the text, else equal", () => {
    expect(weightInText("Correctness (Weight: 35%): works")).toBe(35)
    expect(categorySlug("Code Quality (Weight: 35%): clean")).toBe("code_quality")
    expect(judgeCategories(["A: x", "B: y"]).map((c) => c.weight)).toEqual([1, 1])
    expect(judgeCategories(["A (Weight: 70%)", "B (Weight: 30%)"]).map((c) => c.weight)).toEqual([70, 30])
    expect(judgeCategories(["A (Weight: 70%)", "B (Weight: 30%)"], { b: 10 }).map((c) => c.weight)).toEqual([70, 10])
    expect(judgeCategories(["A (Weight: 60%)", "B (Weight: 20%)", "C"]).map((c) => c.weight)).toEqual([60, 20, 40])
  })

  it.scoped("scores weighted categories with the scenario's model and max_tokens, and records the judge's cost", () =>
    Effect.gen(function*() {
      const server = yield* fakeServer([
        anthropicMessage([text(answer(5, 3))], { input_tokens: 2000, output_tokens: 100 }, "claude-haiku-5-5-20261001")
      ])
      const scenario = withJudge(yield* fizzbuzz, { model: "claude-haiku-5-5", max_tokens: 1000, temperature: 0.2 })
      const judge = makeModelJudge(
        anthropicJudgeModel(anthropicOptions(server.url), Redacted.make("judge-key"), "claude-sonnet-5-5")
      )
      const outcome = yield* judge.evaluate(judgeInput(scenario))
      expect(outcome.result.status).toBe("ok")
      // Correctness (70%) scored 5 → 1.0, Clarity (30%) scored 3 → 0.5
      expect(outcome.result.score).toBeCloseTo(0.7 * 1 + 0.3 * 0.5, 12)
      expect(JSON.parse(outcome.result.details)).toMatchObject({
        scores: [{ category: "correctness", score: 5, weight: 70 }, { category: "clarity", score: 3, weight: 30 }],
        model: "claude-haiku-5-5-20261001",
        attempts: 1,
        temperature: null
      })
      expect(outcome.costUsd).toBeCloseTo((2000 * 0.1 + 100 * 0.5) / 1e6, 15)
      expect(outcome).toMatchObject({ tokensIn: 2000, tokensOut: 100 })
      const body = server.requests[0]?.body as { model: string; max_tokens: number; temperature?: number }
      expect(body).toMatchObject({ model: "claude-haiku-5-5", max_tokens: 1000 })
      expect(body.temperature).toBeUndefined()
      const prompt = userText(server.requests[0])
      for (
        const part of [
          "demo-fizzbuzz",
          "Prompt tier:",
          "Implemented fizzbuzz.",
          "src/fizzbuzz.js",
          "node --test",
          "correctness",
          "clarity"
        ]
      ) {
        expect(prompt).toContain(part)
      }
    }))

  it.scoped("an invalid JSON answer is retried once; both calls are paid for", () =>
    Effect.gen(function*() {
      const server = yield* fakeServer([
        anthropicMessage([text("Sure! The work looks good overall.")], { input_tokens: 1000, output_tokens: 10 }),
        anthropicMessage([text("```json\n" + answer(4, 4) + "\n```")], { input_tokens: 1100, output_tokens: 90 })
      ])
      const judge = makeModelJudge(
        anthropicJudgeModel(anthropicOptions(server.url), Redacted.make("k"), "claude-sonnet-5-5")
      )
      const outcome = yield* judge.evaluate(judgeInput(yield* fizzbuzz))
      expect(outcome.result).toMatchObject({ status: "ok", score: 0.75 })
      expect(JSON.parse(outcome.result.details)).toMatchObject({ attempts: 2 })
      expect(server.requests).toHaveLength(2)
      expect(userText(server.requests[1])).toContain("previous answer was not valid")
      expect(outcome.costUsd).toBeCloseTo((2100 * 2 + 100 * 10) / 1e6, 15)
      expect(outcome).toMatchObject({ tokensIn: 2100, tokensOut: 100 })
    }))

  it.scoped("invalid twice: the evaluator errs and keeps the raw answer", () =>
    Effect.gen(function*() {
      const bad = anthropicMessage([text("{\"scores\": [{\"category\": \"correctness\", \"score\": 9}]}")], {
        input_tokens: 10,
        output_tokens: 10
      })
      const server = yield* fakeServer([bad, bad])
      const judge = makeModelJudge(
        anthropicJudgeModel(anthropicOptions(server.url), Redacted.make("k"), "claude-sonnet-5-5")
      )
      const outcome = yield* judge.evaluate(judgeInput(yield* fizzbuzz))
      expect(outcome.result.status).toBe("error")
      expect(outcome.result.score).toBeNull()
      expect(outcome.result.details).toContain("{\"scores\": [{\"category\": \"correctness\", \"score\": 9}]}")
      expect(outcome.costUsd).toBeCloseTo((20 * 2 + 20 * 10) / 1e6, 15)
    }))

  it.scoped("is skipped without a key, or without categories, with the reason", () =>
    Effect.gen(function*() {
      const scenario = yield* fizzbuzz
      const noKeys = yield* judgeConfig.pipe(Effect.withConfigProvider(ConfigProvider.fromMap(new Map())))
      expect(Either.getLeft(judgeFromConfig(noKeys))).toEqual(Option.some(expect.stringContaining("no judge key")))
      const skipped = yield* Effect.flatMap(LlmJudge, (j) => j.evaluate(judgeInput(scenario))).pipe(
        Effect.provide(
          LlmJudgeFromConfig.pipe(Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map()))))
        )
      )
      expect(skipped).toMatchObject({ result: { status: "skipped", score: null }, costUsd: 0 })
      expect(skipped.result.details).toContain("no judge key")
      const judge = makeModelJudge(anthropicJudgeModel(anthropicOptions("http://127.0.0.1:9"), Redacted.make("k"), "m"))
      const noCategories = yield* judge.evaluate(judgeInput(withJudge(scenario, { categories: [] })))
      expect(noCategories.result).toMatchObject({
        status: "skipped",
        details: "llm_judge has no categories in scenario.yaml"
      })
    }))

  it.scoped("OpenAI-compatible judge: temperature sent, OpenRouter's reported cost recorded", () =>
    Effect.gen(function*() {
      const server = yield* fakeServer([
        chatCompletionResponse(
          { content: answer(5, 5) },
          { prompt_tokens: 1500, completion_tokens: 80, cost: 0.00123 },
          "openai/gpt-4o-mini"
        )
      ])
      const judge = makeModelJudge(openAiJudgeModel({
        baseUrl: server.url,
        apiKey: Option.some(Redacted.make("or-key")),
        keyName: "OPENROUTER_API_KEY",
        openRouter: true,
        maxRetries: 0,
        requestTimeoutMs: 10_000,
        http: FetchHttpClient.layer
      }, "openai/gpt-4o-mini"))
      const outcome = yield* judge.evaluate(judgeInput(withJudge(yield* fizzbuzz, { temperature: 0.3 })))
      expect(outcome.result).toMatchObject({ status: "ok", score: 1 })
      expect(outcome).toMatchObject({ costUsd: 0.00123, tokensIn: 1500, tokensOut: 80 })
      expect(server.requests[0]?.body).toMatchObject({
        temperature: 0.3,
        response_format: { type: "json_object" },
        usage: { include: true }
      })
      expect(server.requests[0]?.headers.authorization).toBe("Bearer or-key")
    }))
})
