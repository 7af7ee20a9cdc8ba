import { inProcessHttpClient, ZeClient } from "@ze/client"
import type { BatchUpsertPayload, SubmitResultsPayload } from "@ze/domain"
import { makeInProcessHandler } from "@ze/server"
import { Effect, Layer, Option, Redacted } from "effect"

export const run = (
  overrides: Partial<SubmitResultsPayload> & Pick<SubmitResultsPayload, "runId">
): SubmitResultsPayload => ({
  batchId: "batch-a",
  suite: "demo",
  scenario: "add-function",
  tier: "L1",
  agent: "echo",
  model: "none",
  status: "passed",
  startedAt: "2026-11-01T10:00:00.000Z",
  completedAt: "2026-11-01T10:01:00.000Z",
  totalScore: 0.8,
  weightedScore: 8,
  isSuccessful: true,
  evaluations: [
    { evaluatorName: "commands", score: 1, maxScore: 1, details: "all passed" },
    { evaluatorName: "heuristics", score: 0.6, maxScore: 1, details: "3 of 5 checks" }
  ],
  telemetry: { toolCalls: 3, tokensIn: 1000, tokensOut: 200, costUsd: 0.01, durationMs: 60_000 },
  ...overrides
})

/** Two batches: A with a pass, a failure and an infra error over two agents; B with one oracle pass. */
export const seedRuns: ReadonlyArray<SubmitResultsPayload> = [
  run({ runId: "run-a1" }),
  run({
    runId: "run-a2",
    agent: "anthropic",
    model: "claude-x",
    status: "failed",
    weightedScore: 3,
    totalScore: 0.3,
    isSuccessful: false,
    failureReason: "tests failed: 2 of 5",
    startedAt: "2026-11-01T10:02:00.000Z"
  }),
  run({
    runId: "run-a3",
    scenario: "fix-bug",
    tier: "L0",
    status: "infra_error",
    weightedScore: null,
    totalScore: null,
    isSuccessful: false,
    failureReason: "workspace: disk full, \"quoted\"",
    evaluations: [],
    startedAt: "2026-11-01T10:03:00.000Z"
  }),
  run({
    runId: "run-b1",
    batchId: "batch-b",
    agent: "oracle",
    weightedScore: 10,
    startedAt: "2026-11-02T09:00:00.000Z"
  })
]

export const seedBatches: ReadonlyArray<BatchUpsertPayload> = [
  {
    batchId: "batch-a",
    createdAt: Date.parse("2026-11-01T10:00:00.000Z"),
    completedAt: Date.parse("2026-11-01T10:05:00.000Z"),
    metadata: { suite: "demo" }
  },
  {
    batchId: "batch-b",
    createdAt: Date.parse("2026-11-02T09:00:00.000Z"),
    completedAt: Date.parse("2026-11-02T09:01:00.000Z")
  }
]

/** Writes through the same typed client the CLI reads with, into the SQLite file the CLI will open. */
export const seedStore = (
  filename: string,
  runs: ReadonlyArray<SubmitResultsPayload> = seedRuns,
  batches: ReadonlyArray<BatchUpsertPayload> = seedBatches
) => {
  const key = Redacted.make("seed-key")
  const { dispose, handler } = makeInProcessHandler({ filename, settings: { writeKey: Option.some(key) } })
  const seed = Effect.gen(function*() {
    const client = yield* ZeClient
    for (const batch of batches) yield* client.results.upsertBatch({ payload: batch })
    for (const payload of runs) yield* client.results.submit({ payload })
  }).pipe(
    Effect.provide(
      ZeClient.layerWith({ baseUrl: "http://seed.local", apiKey: Option.some(key), retries: 0 }).pipe(
        Layer.provide(inProcessHttpClient(handler))
      )
    )
  )
  return Effect.runPromise(seed).finally(dispose)
}
