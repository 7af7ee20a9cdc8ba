import type { ArtifactInput, SubmitResultsPayload, ZeRunStatus } from "@ze/domain"
import { Effect } from "effect"
import { diffMetadata } from "../evaluators/Diff.js"
import type { Score } from "../scoring/Scoring.js"
import type { Transcript } from "../tools/Transcript.js"
import { toolCallCount } from "../tools/Transcript.js"
import type { Cell } from "./Matrix.js"
import type { RunState } from "./RunState.js"

export interface Terminal {
  readonly status: ZeRunStatus
  readonly reason: string | null
}

export interface PayloadInput {
  readonly cell: Cell
  readonly state: RunState
  readonly terminal: Terminal
  readonly score: Score
  readonly threshold: number
  readonly startedAt: Date
  readonly completedAt: Date
}

const artifact = (name: string, contentType: string, content: string): ReadonlyArray<ArtifactInput> =>
  content.trim() === "" ? [] : [{ name, contentType, content }]

/** The stored form of a finished cell: run, evaluations, telemetry, metadata and artifacts. */
export const toPayload = ({ cell, completedAt, score, startedAt, state, terminal, threshold }: PayloadInput) =>
  Effect.gen(function*() {
    const steps = state.recorder === null ? [] : yield* state.recorder.steps
    const oracleQuestions = state.oracle === null ? [] : yield* state.oracle.exchanges
    const transcript: Transcript = { version: 1, agent: cell.agent, model: cell.model, steps }
    const scored = terminal.status === "passed" || terminal.status === "failed"
    const usage = state.agentOutput?.usage
    const payload: SubmitResultsPayload = {
      runId: cell.runId,
      batchId: cell.batchId,
      suite: cell.scenario.suite,
      scenario: cell.scenario.name,
      tier: cell.tier,
      agent: cell.agent,
      model: cell.model,
      status: terminal.status,
      startedAt: startedAt.toISOString(),
      completedAt: completedAt.toISOString(),
      totalScore: scored ? score.totalScore : null,
      weightedScore: scored ? score.weightedScore : null,
      isSuccessful: terminal.status === "passed",
      successMetric: scored ? score.successMetric : null,
      repeat: cell.repeat,
      resolvedModel: state.agentOutput?.resolvedModel ?? cell.model,
      agentVersion: state.agentVersion,
      specialistEnabled: cell.specialist !== null,
      specialistName: cell.specialist?.name ?? null,
      specialistVersion: cell.specialist?.version ?? null,
      failureReason: terminal.reason,
      metadata: {
        scenarioId: cell.scenario.config.id,
        title: cell.scenario.config.title ?? null,
        stage: state.stage,
        passThreshold: threshold,
        ...(state.diff === null ? {} : diffMetadata(state.diff)),
        oracleQuestions,
        ...(state.mcpServers.length === 0 ? {} : { mcpServers: state.mcpServers }),
        ...state.reports.metadata,
        baseline: state.baseline,
        workspaceCopyMs: state.copyMs
      },
      evaluations: score.evaluations.map((e) => ({
        evaluatorName: e.name,
        score: e.score ?? 0,
        maxScore: 1,
        details: e.details,
        status: e.status,
        weight: e.weight
      })),
      telemetry: {
        toolCalls: toolCallCount(steps),
        tokensIn: usage?.tokensIn ?? null,
        tokensOut: usage?.tokensOut ?? null,
        cacheReadTokens: usage?.cacheReadTokens ?? null,
        cacheWriteTokens: usage?.cacheWriteTokens ?? null,
        costUsd: usage === undefined ? (state.agentStarted ? null : 0) : usage.costUsd,
        judgeCostUsd: state.reports.spend?.costUsd ?? null,
        judgeTokensIn: state.reports.spend?.tokensIn ?? null,
        judgeTokensOut: state.reports.spend?.tokensOut ?? null,
        durationMs: completedAt.getTime() - startedAt.getTime(),
        workspaceDir: state.workspaceDir,
        promptSent: state.prompt === null ? null : JSON.stringify([
          ...(state.systemPrompt === null ? [] : [{ role: "system", content: state.systemPrompt }]),
          { role: "user", content: state.prompt }
        ])
      },
      artifacts: [
        ...artifact("diff.patch", "text/x-diff", state.diff?.patch ?? ""),
        ...artifact(
          "transcript.json",
          "application/json",
          steps.length === 0 ? "" : JSON.stringify(transcript, null, 2)
        ),
        ...state.reports.artifacts
      ]
    }
    return payload
  })
