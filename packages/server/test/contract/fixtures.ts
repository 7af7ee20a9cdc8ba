import type { SubmitResultsPayload } from "@ze/domain"

let counter = 0
/** A unique name per call, so tests sharing one database never see each other's rows. */
export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`

export const runPayload = (overrides: Partial<SubmitResultsPayload> = {}): SubmitResultsPayload => ({
  runId: unique("run"),
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
  successMetric: 0.8,
  evaluations: [
    { evaluatorName: "commands", score: 1, maxScore: 1, details: "all passed" },
    { evaluatorName: "heuristics", score: 0.6, maxScore: 1, details: JSON.stringify({ checks: 5, passed: 3 }) }
  ],
  telemetry: {
    toolCalls: 3,
    tokensIn: 1000,
    tokensOut: 200,
    costUsd: 0.01,
    durationMs: 60_000,
    workspaceDir: "/tmp/ws"
  },
  ...overrides
})

/** What upstream's `BenchmarkLogger.completeRun` sends (packages/worker-client, reference/upstream.md §1.2 and §8). */
export const upstreamCompleteRunBody = (runId: string, batchId: string) => ({
  runId,
  batchId,
  suite: "update-deps",
  scenario: "nx-pnpm-monorepo",
  tier: "L1",
  agent: "anthropic",
  model: "claude-sonnet-4-5",
  status: "completed",
  startedAt: "2026-11-02T09:00:00.000Z",
  completedAt: "2026-11-02T09:05:00.000Z",
  totalScore: 0.21,
  weightedScore: 6.5,
  isSuccessful: false,
  successMetric: 0.65,
  specialistEnabled: false,
  metadata: {
    diffSummary: [{ file: "package.json", changeType: "modified" }],
    depsDelta: [],
    oracleQuestions: [],
    packageManager: "pnpm"
  },
  evaluations: [
    { evaluatorName: "heuristic_checks", score: 0.5, maxScore: 1.0, details: "✓ build (weight: 1) - builds" },
    { evaluatorName: "llm_judge", score: 0.75, maxScore: 1.0, details: "{\"scores\":[]}" }
  ],
  telemetry: {
    toolCalls: 12,
    tokensIn: 15000,
    tokensOut: 3000,
    costUsd: 0.09,
    durationMs: 300000,
    workspaceDir: "results/workspaces/update-deps-nx-pnpm-monorepo-abc123",
    promptSent: "[{\"role\":\"user\",\"content\":\"Update the dependencies\"}]"
  }
})
