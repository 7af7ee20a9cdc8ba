import type { ZeRunStatus } from "@ze/domain"
import { Duration, Effect, Either, Mailbox, Option, Stream } from "effect"
import type { AgentLimits } from "../agents/Agent.js"
import { Agents } from "../agents/Agents.js"
import { LlmJudge } from "../evaluators/LlmJudge.js"
import { HarnessSettings } from "../HarnessSettings.js"
import type { Scenario } from "../scenario/Scenario.js"
import { scenarioKey } from "../scenario/Scenario.js"
import { noSignalWarning } from "../scoring/Signal.js"
import { runWarmups } from "../warmup/Warmups.js"
import { Workspaces } from "../workspace/Workspaces.js"
import type { MatrixSpec, Shard } from "./Matrix.js"
import { buildMatrix, cellRef, newBatchId, shardCells } from "./Matrix.js"
import type { BatchSummary } from "./Progress.js"
import { ProgressEvent } from "./Progress.js"
import { baselinesOf, provenanceMetadata } from "./Provenance.js"
import { runCell } from "./RunCell.js"
import { Spool } from "./Spool.js"
import { finishedRunIds, isFinalStatus, upsertBatch } from "./Store.js"

export interface BatchOptions {
  readonly matrix: MatrixSpec
  /** Reuse an id to resume or to fill one batch from several shards; a new `batch-<ms>-<rand>` otherwise. */
  readonly batchId?: string
  /** Cells run at the same time (default 1). */
  readonly concurrency?: number
  /** Run only the cells that have no final result in the store yet. */
  readonly resume?: boolean
  readonly shard?: Shard
  /** Weighted score needed to pass (default: `HarnessSettings.passThreshold`). */
  readonly passThreshold?: number
  /** Overrides every scenario's `timeout_minutes`. */
  readonly timeout?: Duration.DurationInput
  readonly limits?: AgentLimits
  readonly metadata?: Readonly<Record<string, unknown>>
  /** Leave out the scenarios' warmups (`--skip-warmup`): their runs start from the committed fixture. */
  readonly skipWarmup?: boolean
}

const countByStatus = (statuses: ReadonlyArray<ZeRunStatus>) => {
  const counts: Partial<Record<ZeRunStatus, number>> = {}
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1
  return counts
}

/**
 * Runs a batch: every cell of the matrix (or of one shard), `concurrency` at a time, each stored as soon as it
 * ends. Interrupting it cancels the running cells, stores them as `cancelled`, and leaves the batch resumable.
 */
export const runBatch = (
  options: BatchOptions,
  onEvent: (event: ProgressEvent) => Effect.Effect<void> = () => Effect.void
) =>
  Effect.gen(function*() {
    const settings = yield* HarnessSettings
    const agents = yield* Agents
    const judge = Option.getOrElse(yield* Effect.serviceOption(LlmJudge), () => LlmJudge.unavailable)
    for (const { agent } of options.matrix.agents) yield* agents.get(agent)
    // A ze process killed mid-batch left its workspaces, and maybe their commands: clear them before anything runs.
    const swept = yield* Effect.flatMap(Workspaces, (workspaces) => workspaces.sweepStale)
    const batchId = options.batchId ?? newBatchId()
    const matrix = buildMatrix(batchId, options.matrix)
    const cells = options.shard ? shardCells(matrix.cells, options.shard) : matrix.cells
    const done = options.resume === true ? yield* finishedRunIds(batchId) : new Set<string>()
    const toRun = cells.filter((cell) => !done.has(cell.runId))
    const concurrency = Math.max(1, options.concurrency ?? 1)
    const merge = options.resume === true || options.shard !== undefined
    const createdAt = Date.now()
    const matrixMetadata = {
      suites: [...new Set(options.matrix.scenarios.map((s) => s.suite))],
      scenarios: options.matrix.scenarios.map((s) => `${s.suite}/${s.name}`),
      // The tiers that actually run (an empty request means every tier a scenario has).
      tiers: [...new Set(matrix.cells.map((cell) => cell.tier))],
      agents: options.matrix.agents,
      repeats: options.matrix.repeats ?? 1,
      cells: matrix.cells.length,
      skippedCombinations: matrix.skipped,
      ...options.metadata
    }
    // A new batch is stored first, before its baselines are evaluated: a store that refuses writes stops the batch here.
    if (!merge) yield* upsertBatch({ batchId, createdAt, metadata: matrixMetadata })
    const scenariosToRun = [...new Set(toRun.map((cell) => cell.scenario))]
    const warmups = yield* runWarmups(scenariosToRun, { skip: options.skipWarmup === true, concurrency })
    const warmed = (scenario: Scenario) => warmups.warmed.get(scenarioKey(scenario)) ?? scenario
    const baselines = yield* baselinesOf(
      scenariosToRun.filter((scenario) => !warmups.failures.has(scenarioKey(scenario))).map(warmed),
      concurrency,
      new Set(warmups.warmed.keys())
    )
    const provenance = yield* provenanceMetadata(batchId, options.matrix.scenarios, baselines, {
      merge,
      warmups: warmups.outcomes
    })
    yield* upsertBatch({ batchId, createdAt, metadata: { ...matrixMetadata, ...provenance } })
    const sweptWarning = swept.length === 0
      ? []
      : [`removed ${swept.length} workspace(s) left by a ze process that was killed, and what still ran in them`]
    const warnings = [
      ...sweptWarning,
      ...[...warmups.failures.entries()].map(([key, reason]) =>
        `${key}: the warmup failed (${reason}): its runs end infra_error`
      ),
      ...[...baselines.entries()].flatMap(([key, result]) =>
        Either.match(result, {
          onLeft: (
            reason
          ) => [`${key}: the untouched fixture could not be evaluated (${reason}): its runs end infra_error`],
          onRight: (baseline) =>
            [noSignalWarning(baseline, judge.unavailable)].filter((w): w is string => w !== undefined)
        })
      )
    ]
    yield* onEvent(
      ProgressEvent.BatchStarted({
        batchId,
        cells: cells.length,
        toRun: toRun.length,
        shard: options.shard ?? null,
        warnings
      })
    )
    for (const cell of cells) {
      if (done.has(cell.runId)) {
        yield* onEvent(ProgressEvent.CellSkipped({ cell: cellRef(cell), reason: "already has a final result" }))
      }
    }
    const context = {
      emit: onEvent,
      passThreshold: options.passThreshold ?? settings.passThreshold,
      timeout: Option.map(Option.fromNullable(options.timeout), Duration.decode),
      limits: options.limits ?? {},
      judge,
      baselines,
      warmupFailures: warmups.failures
    }
    const results = yield* Effect.forEach(
      toRun,
      (cell) => runCell({ ...cell, scenario: warmed(cell.scenario) }, context),
      { concurrency }
    )
    // With a spool, a server that went away is not fatal: what this process finished stands in for the store.
    const finishedHere = new Set([...done, ...results.filter((r) => isFinalStatus(r.status)).map((r) => r.cell.runId)])
    const spool = yield* Effect.serviceOption(Spool)
    const finished = yield* finishedRunIds(batchId).pipe(
      Effect.catchAll((error) =>
        Option.isSome(spool) && error.unreachable ? Effect.succeed(finishedHere) : Effect.fail(error)
      )
    )
    // Done when every cell of the whole matrix (all shards) has a final result, or, without shards, when this
    // run attempted every cell: infra errors stay resumable, but the batch is not left "running" forever.
    const attemptedHere = new Set(results.map((r) => r.cell.runId))
    const complete = matrix.cells.every((cell) =>
      finished.has(cell.runId) || (options.shard === undefined && attemptedHere.has(cell.runId))
    )
    if (complete) yield* upsertBatch({ batchId, completedAt: Date.now() })
    const summary: BatchSummary = {
      batchId,
      matrixCells: matrix.cells.length,
      shardCells: cells.length,
      alreadyDone: cells.length - toRun.length,
      results,
      byStatus: countByStatus(results.map((r) => r.status)),
      complete
    }
    yield* onEvent(ProgressEvent.BatchFinished({ summary }))
    return summary
  }).pipe(Effect.scoped, Effect.withSpan("runBatch"))

/** The batch as a stream of progress events, ending with `BatchFinished`; interrupting the stream cancels the batch. */
export const runBatchStream = (options: BatchOptions) =>
  Stream.unwrapScoped(
    Effect.gen(function*() {
      const mailbox = yield* Mailbox.make<ProgressEvent, Effect.Effect.Error<ReturnType<typeof runBatch>>>()
      yield* runBatch(options, (event) => Effect.asVoid(mailbox.offer(event))).pipe(
        Effect.asVoid,
        Mailbox.into(mailbox),
        Effect.forkScoped
      )
      return Mailbox.toStream(mailbox)
    })
  )
