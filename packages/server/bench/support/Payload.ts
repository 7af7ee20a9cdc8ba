/**
 * A run shaped as upstream's clients send it to `POST /api/results` (about 3.5 KB): two evaluations with 300-character
 * details, telemetry carrying a 2 KB prompt, a small metadata object; 100 runs share a batch.
 */
const details = (name: string) =>
  `${name}: `.concat("all checks ran; the summary of each follows. ".repeat(8)).slice(0, 300)
const promptSent =
  "You are working in a copy of a TypeScript repository. Make the failing tests pass without changing them. "
    .repeat(20).slice(0, 2048)
const agents = ["claude-code", "codex", "opencode", "echo"]
const scenarios = ["task-01", "task-02", "task-03", "task-04", "task-05"]

export const runsPerBatch = 100

/** The i-th run of a load: `prefix` keeps run ids unique across loads against the same store. */
export const upstreamRun = (prefix: string, i: number) => {
  const startedAt = Date.UTC(2026, 10, 1) + i * 1_000
  const score = (i % 11) * 0.9
  return JSON.stringify({
    runId: `${prefix}-run-${String(i).padStart(7, "0")}`,
    batchId: `${prefix}-batch-${Math.floor(i / runsPerBatch)}`,
    suite: "bench",
    scenario: scenarios[i % scenarios.length],
    tier: `L${i % 3}`,
    agent: agents[i % agents.length],
    model: "claude-sonnet-4-5",
    status: score >= 7 ? "passed" : "failed",
    startedAt: new Date(startedAt).toISOString(),
    completedAt: new Date(startedAt + 60_000).toISOString(),
    totalScore: score / 10,
    weightedScore: score,
    isSuccessful: score >= 7,
    successMetric: score / 10,
    metadata: {
      scenarioId: `bench-${scenarios[i % scenarios.length]}`,
      passThreshold: 7,
      filesChanged: i % 7,
      workspaceCopyMs: 12
    },
    evaluations: [
      { evaluatorName: "validation", score: score / 10, maxScore: 1, details: details("validation"), weight: 0.6 },
      { evaluatorName: "heuristics", score: 0.5, maxScore: 1, details: details("heuristics"), weight: 0.4 }
    ],
    telemetry: {
      toolCalls: 12 + (i % 30),
      tokensIn: 40_000 + i,
      tokensOut: 2_000,
      costUsd: 0.14,
      durationMs: 60_000,
      workspaceDir: `/tmp/ze-workspaces/${prefix}-${i}`,
      promptSent
    }
  })
}
