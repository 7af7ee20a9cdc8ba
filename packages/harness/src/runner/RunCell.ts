import type { ScenarioBaseline, ZeRunStatus } from "@ze/domain"
import { Data, Duration, Effect, Either, Option, Ref } from "effect"
import type { Agent, AgentBudgetExceeded, AgentError, AgentLimits } from "../agents/Agent.js"
import { Agents } from "../agents/Agents.js"
import { computeDiff } from "../evaluators/Diff.js"
import { LLM_JUDGE } from "../evaluators/Evaluation.js"
import type { EvaluationInput } from "../evaluators/Evaluator.js"
import { foldReport, noEvidence } from "../evaluators/Evaluator.js"
import { evaluatorsFor } from "../evaluators/Evaluators.js"
import type { LlmJudgeShape } from "../evaluators/LlmJudge.js"
import { HarnessSettings } from "../HarnessSettings.js"
import { mergeMcpSpecs, startMcpServers } from "../mcp/McpServers.js"
import { readPrompt } from "../scenario/Prompts.js"
import type { Scenario } from "../scenario/Scenario.js"
import { scenarioKey } from "../scenario/Scenario.js"
import { scoreEvaluations, verdict } from "../scoring/Scoring.js"
import { signalOf } from "../scoring/Signal.js"
import { loadOracle } from "../tools/Oracle.js"
import { recordingTools } from "../tools/Recording.js"
import { makeTranscriptRecorder } from "../tools/Transcript.js"
import type { TranscriptRecorder } from "../tools/Transcript.js"
import { makeWorkspaceTools } from "../tools/WorkspaceTools.js"
import { changedEntries, fingerprintTree } from "../workspace/Fingerprint.js"
import { Workspaces } from "../workspace/Workspaces.js"
import type { Cell } from "./Matrix.js"
import { cellRef } from "./Matrix.js"
import { toPayload } from "./Payload.js"
import type { Terminal } from "./Payload.js"
import type { CellResult, Stage } from "./Progress.js"
import { ProgressEvent } from "./Progress.js"
import { initialRunState } from "./RunState.js"
import type { RunState } from "./RunState.js"
import { specialize } from "./Specialize.js"
import { submitRun } from "./Store.js"

/** Ends a cell early with a status other than passed/failed. */
class CellAborted extends Data.TaggedError("CellAborted")<{ readonly status: ZeRunStatus; readonly reason: string }> {}

const abort = (status: ZeRunStatus) => (error: { readonly message: string }) =>
  new CellAborted({ status, reason: error.message })

export interface CellContext {
  readonly emit: (event: ProgressEvent) => Effect.Effect<void>
  readonly passThreshold: number
  /** Replaces every scenario's `timeout_minutes`. */
  readonly timeout: Option.Option<Duration.Duration>
  readonly limits: AgentLimits
  readonly judge: LlmJudgeShape
  /** Each scenario's untouched fixture as evaluated before the batch, or why it could not be. */
  readonly baselines: ReadonlyMap<string, Either.Either<ScenarioBaseline, string>>
  /** Why each failed warmup failed, by `suite/scenario`: that scenario's cells end infra_error. */
  readonly warmupFailures?: ReadonlyMap<string, string>
}

const artifactBlock = (scenario: Scenario) => {
  const artifact = scenario.config.artifact
  if (artifact === undefined) return ""
  return [
    "\n\n## Artifact Information",
    `- Type: ${artifact.type}`,
    ...(artifact.figma_file_id ? [`- File ID: ${artifact.figma_file_id}`] : []),
    ...(artifact.figma_file_key ? [`- File key: ${artifact.figma_file_key}`] : [])
  ].join("\n")
}

/**
 * The scenario's and the specialist's MCP servers, for agents that can use their tools; a required one that fails
 * aborts. An agent that starts its own (Claude Code) gets them as configs, checked and listed first, then stopped.
 */
const startRunServers = (cell: Cell, agent: Agent, workspaceDir: string, recorder: TranscriptRecorder) => {
  const specs = mergeMcpSpecs(cell.scenario.config.dependencies?.mcps, cell.specialist?.template.dependencies?.mcps)
  const started = startMcpServers(specs, {
    workspaceDir,
    recorder,
    resultCap: 500_000,
    startTimeout: Duration.seconds(60)
  })
  return specs.length === 0 || (agent.takesSystemPrompt !== true && agent.takesMcpServers !== true)
    ? Effect.succeed({ tools: [], statuses: [], configs: [] })
    : agent.takesMcpServers === true
    ? Effect.mapError(Effect.map(Effect.scoped(started), (probed) => ({ ...probed, tools: [] })), abort("infra_error"))
    : Effect.mapError(Effect.map(started, (servers) => ({ ...servers, configs: [] })), abort("infra_error"))
}

/** A wall-time stop is a timeout; any other limit is a budget stop; anything else is the agent's error. */
const agentFailureStatus = (error: AgentError | AgentBudgetExceeded): ZeRunStatus =>
  error._tag === "AgentError" ? "agent_error" : error.limit === "timeout" ? "timeout" : "budget_exceeded"

const scenarioTimeout = (scenario: Scenario, fallback: Duration.Duration) =>
  scenario.config.timeout_minutes === undefined ? fallback : Duration.millis(scenario.config.timeout_minutes * 60_000)

/** Runs one cell end to end and stores its result; always ends in exactly one status, cancelled included. */
export const runCell = (cell: Cell, context: CellContext) =>
  Effect.gen(function*() {
    const settings = yield* HarnessSettings
    const workspaces = yield* Workspaces
    const agents = yield* Agents
    const ref = cellRef(cell)
    const { scenario } = cell
    const state = yield* Ref.make<RunState>(initialRunState)
    const update = (patch: Partial<RunState>) => Ref.update(state, (s) => ({ ...s, ...patch }))
    const stage = (next: Stage) =>
      Effect.zipRight(update({ stage: next }), context.emit(ProgressEvent.StageChanged({ cell: ref, stage: next })))
    const threshold = scenario.config.rubric_overrides?.pass_threshold ?? context.passThreshold
    const weights = scenario.config.rubric_overrides?.weights ?? {}
    const timeout = Option.getOrElse(context.timeout, () => scenarioTimeout(scenario, settings.defaultScenarioTimeout))
    const startedAt = new Date()
    yield* context.emit(ProgressEvent.CellStarted({ cell: ref }))

    const pipeline = Effect.gen(function*() {
      yield* stage("workspace")
      const warmupFailure = context.warmupFailures?.get(scenarioKey(scenario))
      if (warmupFailure !== undefined) {
        return yield* new CellAborted({ status: "infra_error", reason: `the warmup failed: ${warmupFailure}` })
      }
      const baseline = yield* Either.match(
        context.baselines.get(scenarioKey(scenario)) ?? Either.left("it was not evaluated"),
        {
          onLeft: (reason) =>
            new CellAborted({
              status: "infra_error",
              reason: `the untouched fixture could not be evaluated: ${reason}`
            }),
          onRight: Effect.succeed
        }
      )
      const agent = yield* Effect.mapError(agents.get(cell.agent), abort("agent_error"))
      yield* update({ agentVersion: agent.version })
      const { text } = yield* Effect.mapError(readPrompt(scenario, cell.tier), abort("infra_error"))
      const prompt = text + artifactBlock(scenario)
      const specialist = yield* Effect.mapError(specialize(cell, agent, prompt), abort("agent_error"))
      yield* update({ prompt, systemPrompt: specialist?.systemPrompt ?? null })
      const workspace = yield* Effect.mapError(
        workspaces.acquire({ scenario, label: `${scenario.suite}-${scenario.name}-${cell.tier}-${cell.agent}` }),
        abort("infra_error")
      )
      yield* update({ workspaceDir: workspace.dir, copyMs: workspace.copyMs })
      const before = yield* fingerprintTree(scenario.dir)
      const oracle = yield* Effect.mapError(loadOracle(scenario.oracleAnswersFile), abort("infra_error"))
      const recorder = yield* makeTranscriptRecorder
      yield* update({ oracle, recorder })
      const tools = recordingTools(
        makeWorkspaceTools({
          root: workspace.dir,
          oracle,
          commandTimeout: settings.toolCommandTimeout,
          outputCapBytes: settings.outputCapBytes,
          outputLimitBytes: settings.outputLimitBytes,
          fileSizeLimitBytes: settings.fileSizeLimitBytes
        }),
        recorder
      )

      const mcp = yield* startRunServers(cell, agent, workspace.dir, recorder)
      yield* update({ mcpServers: mcp.statuses })

      yield* stage("agent")
      yield* update({ agentStarted: true })
      const output = yield* agent.run({
        prompt,
        scenario,
        tier: cell.tier,
        model: specialist?.model ?? cell.model,
        ...(specialist === undefined ? {} : { systemPrompt: specialist.systemPrompt }),
        ...(mcp.tools.length === 0 ? {} : { externalTools: mcp.tools }),
        ...(mcp.configs.length === 0 ? {} : { mcpServers: mcp.configs }),
        workspaceDir: workspace.dir,
        tools,
        transcript: recorder,
        limits: { ...context.limits, timeout }
      }).pipe(
        Effect.tapError((error) =>
          error.usage === undefined ? Effect.void : update({ agentOutput: { finalText: "", usage: error.usage } })
        ),
        Effect.mapError((error) => abort(agentFailureStatus(error))(error))
      )
      yield* update({ agentOutput: output })

      yield* stage("diff")
      const diff = yield* Effect.mapError(computeDiff(workspace.dir, workspace.baseline), abort("infra_error"))
      yield* update({ diff })

      const input: EvaluationInput = {
        scenario,
        workspaceDir: workspace.dir,
        tier: cell.tier,
        prompt,
        finalText: output.finalText,
        diff,
        outsideChanges: Effect.map(fingerprintTree(scenario.dir), (after) => changedEntries(before.files, after.files)),
        weights,
        evidence: noEvidence
      }
      for (const evaluator of evaluatorsFor(scenario, { settings, judge: context.judge })) {
        yield* stage(evaluator.stage)
        const { reports } = yield* Ref.get(state)
        const report = yield* evaluator.evaluate({ ...input, evidence: reports.evidence })
        yield* update({ reports: foldReport(reports, report) })
      }

      yield* stage("scoring")
      const { reports } = yield* Ref.get(state)
      const scored = verdict({ score: scoreEvaluations(reports.results, weights), threshold, gates: reports.gates })
      const signal = signalOf({
        baseline,
        checks: reports.checks,
        judge: reports.results.find((result) => result.name === LLM_JUDGE),
        threshold
      })
      yield* update({ baseline: signal.baseline })
      const outcome = scored.status === "passed" && signal.noSignal !== null
        ? { status: "failed" as const, reason: signal.noSignal }
        : scored
      if (outcome.status !== "passed") yield* workspace.markFailed
      return { status: outcome.status, reason: outcome.reason } satisfies Terminal
    })

    const finish = (terminal: Terminal) =>
      Effect.gen(function*() {
        yield* stage("storing")
        const current = yield* Ref.get(state)
        const completedAt = new Date()
        const score = scoreEvaluations(current.reports.results, weights)
        const payload = yield* toPayload({ cell, state: current, terminal, score, threshold, startedAt, completedAt })
        yield* submitRun(payload)
        const result: CellResult = {
          cell: ref,
          status: terminal.status,
          failureReason: terminal.reason,
          weightedScore: payload.weightedScore ?? null,
          totalScore: payload.totalScore ?? null,
          isSuccessful: terminal.status === "passed",
          evaluations: score.evaluations,
          durationMs: completedAt.getTime() - startedAt.getTime(),
          costUsd: payload.telemetry?.costUsd ?? null,
          judgeCostUsd: payload.telemetry?.judgeCostUsd ?? null
        }
        yield* context.emit(ProgressEvent.CellFinished({ result }))
        return result
      }).pipe(Effect.uninterruptible)

    return yield* pipeline.pipe(
      Effect.scoped,
      Effect.timeoutFail({
        duration: timeout,
        onTimeout: () =>
          new CellAborted({ status: "timeout", reason: `the run exceeded its ${Duration.format(timeout)} timeout` })
      }),
      Effect.catchTag(
        "CellAborted",
        (aborted): Effect.Effect<Terminal> => Effect.succeed({ status: aborted.status, reason: aborted.reason })
      ),
      Effect.onInterrupt(() =>
        finish({ status: "cancelled", reason: "the batch was interrupted" }).pipe(
          Effect.catchAll((error) =>
            Effect.logError(`Could not store the cancelled run ${cell.runId}: ${error.message}`)
          )
        )
      ),
      Effect.flatMap(finish)
    )
  }).pipe(Effect.withSpan("runCell", { attributes: { runId: cell.runId } }))
