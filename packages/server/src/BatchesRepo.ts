import type { Statement } from "@effect/sql"
import { SqlClient } from "@effect/sql"
import type { BatchUpsertPayload, ComparisonOptions, PageParams, RunFilters, SideFilters } from "@ze/domain"
import {
  Batch,
  BatchAggregates,
  BatchDetail,
  BatchListDefaults,
  BatchNotFound,
  batchProvenanceOf,
  compareBatches,
  sideWithoutRuns,
  summarizeCells,
  upstreamBatchFields
} from "@ze/domain"
import { Context, Effect, Layer, Option, Schema } from "effect"
import { AtomicWriter } from "./AtomicWriter.js"
import { clampLimit, decodeCursor, encodeCursor } from "./Cursor.js"
import { runColumns, RunFromRow } from "./Rows.js"
import { checkBatchRow } from "./RowSize.js"
import { runFilterClauses } from "./SqlFilters.js"
import { StatsRepo } from "./StatsRepo.js"

const BatchRow = Schema.Struct({
  batchId: Schema.String,
  createdAt: Schema.Number,
  completedAt: Schema.NullOr(Schema.Number),
  metadata: Schema.NullOr(Schema.String),
  totalRuns: Schema.Number,
  successfulRuns: Schema.Number,
  finishedRuns: Schema.Number,
  avgScore: Schema.NullOr(Schema.Number),
  avgWeightedScore: Schema.NullOr(Schema.Number),
  totalRunDurationMs: Schema.NullOr(Schema.Number),
  totalCostUsd: Schema.NullOr(Schema.Number),
  unpricedRuns: Schema.Number
})

const toBatch = ({ finishedRuns, ...row }: typeof BatchRow.Type) =>
  new Batch({
    ...row,
    status: row.completedAt === null ? "running" : "completed",
    failedRuns: finishedRuns - row.successfulRuns,
    successRate: row.totalRuns === 0 ? null : row.successfulRuns / row.totalRuns,
    durationMs: row.completedAt === null ? null : row.completedAt - row.createdAt
  })

/** Aggregates over the batch's runs, from its row of `batch_rollups` (kept in each run's write; none for no runs). */
const batchColumns = `b.batchId AS batchId, b.createdAt AS createdAt, b.completedAt AS completedAt,
  b.metadata AS metadata, COALESCE(a.runs, 0) AS totalRuns, COALESCE(a.successful, 0) AS successfulRuns,
  COALESCE(a.finished, 0) AS finishedRuns,
  CASE WHEN a.total_scored > 0 THEN a.sum_total / a.total_scored END AS avgScore,
  CASE WHEN a.scored > 0 THEN a.sum_score / a.scored END AS avgWeightedScore,
  CASE WHEN a.timed > 0 THEN a.sum_duration END AS totalRunDurationMs,
  CASE WHEN a.priced > 0 THEN a.sum_priced_total END AS totalCostUsd,
  COALESCE(a.runs - a.priced, 0) AS unpricedRuns`
/** Each batch with its row of `batch_rollups`, which `batchColumns` reads. */
const batchesWithRollups = "batch_runs b LEFT JOIN batch_rollups a ON a.batchId = b.batchId"

/** One side of a comparison: a batch and the filters that narrow it. */
export interface SideOfBatch {
  readonly batchId: string
  readonly filters: SideFilters
}

const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const stats = yield* StatsRepo
  const writer = yield* AtomicWriter
  const decodeBatches = Schema.decodeUnknown(Schema.Array(BatchRow))
  const selectBatches = sql.literal(`SELECT ${batchColumns} FROM ${batchesWithRollups}`)
  const readBatches = (query: Statement.Statement<unknown>) => Effect.orDie(Effect.flatMap(query, decodeBatches))

  /** Upstream's upsert: creates the batch, or updates every field it was sent except `createdAt`. */
  const write = Effect.fnUntraced(function*(payload: BatchUpsertPayload) {
    const now = Date.now()
    const metadata = payload.metadata === undefined
      ? undefined
      : payload.metadata === null
      ? null
      : JSON.stringify(payload.metadata)
    const updates = [
      sql`updatedAt = ${now}`,
      ...(payload.completedAt !== undefined ? [sql`completedAt = ${payload.completedAt}`] : []),
      ...(metadata !== undefined ? [sql`metadata = ${metadata}`] : [])
    ]
    // Whether the batch was there is read in the same atomic step as the write: of two first upserts, one creates.
    const existing = yield* writer.run(
      sql<{ found: number }>`SELECT 1 AS found FROM batch_runs WHERE batchId = ${payload.batchId}`,
      () => [
        sql`INSERT INTO batch_runs (batchId, createdAt, completedAt, metadata, updatedAt)
          VALUES (${payload.batchId}, ${payload.createdAt ?? now}, ${payload.completedAt ?? null}, ${
          metadata ?? null
        }, ${now})
          ON CONFLICT (batchId) DO UPDATE SET ${sql.csv(updates)}`
      ]
    )
    return { batchId: payload.batchId, created: existing.length === 0 }
  }, Effect.orDie)

  /** Metadata too large for a stored row is a 413 before anything is written. */
  const upsert = (payload: BatchUpsertPayload) => Effect.zipRight(checkBatchRow(payload), write(payload))

  /** With run filters, only the batches holding a matching run (their aggregates still cover all their runs). */
  const list = Effect.fnUntraced(function*(params: PageParams, filters: RunFilters = {}) {
    const limit = clampLimit(params.limit, BatchListDefaults)
    const position = yield* decodeCursor(params.cursor)
    const matching = runFilterClauses(sql, filters)
    const clauses = [
      ...(position
        ? [sql`(b.createdAt < ${position[0]} OR (b.createdAt = ${position[0]} AND b.batchId < ${position[1]}))`]
        : []),
      ...(matching.length > 0
        ? [sql`b.batchId IN (SELECT r.batchId FROM benchmark_runs r WHERE ${sql.and(matching)})`]
        : [])
    ]
    const where = clauses.length > 0 ? sql`WHERE ${sql.and(clauses)}` : sql``
    const rows = yield* readBatches(
      sql`${selectBatches} ${where} ORDER BY b.createdAt DESC, b.batchId DESC LIMIT ${limit + 1}`
    )
    const page = rows.slice(0, limit).map(toBatch)
    const last = page.at(-1)
    const nextCursor = rows.length > limit && last
      ? Option.some(encodeCursor(last.createdAt, last.batchId))
      : Option.none()
    return { batches: page, nextCursor }
  })

  const runsOf = (batchId: string) =>
    sql`SELECT ${sql.literal(runColumns)} FROM benchmark_runs r LEFT JOIN run_telemetry t ON t.run_id = r.run_id
      WHERE r.batchId = ${batchId} ORDER BY r.started_at, r.id`.pipe(
      Effect.flatMap(Schema.decodeUnknown(Schema.Array(RunFromRow))),
      Effect.orDie
    )

  const existingRunsOf = (batchId: string) =>
    Effect.gen(function*() {
      const found = yield* sql`SELECT 1 AS found FROM batch_runs WHERE batchId = ${batchId}`.pipe(Effect.orDie)
      if (found.length === 0) return yield* Effect.fail(BatchNotFound.of(batchId))
      return yield* runsOf(batchId)
    })

  const get = Effect.fnUntraced(function*(batchId: string) {
    const filters = { batchId }
    const [rows, runs, bySuiteScenario, byAgentModel, byTier, byEvaluator, failuresByStatus] = yield* Effect.all([
      readBatches(sql`${selectBatches} WHERE b.batchId = ${batchId}`),
      runsOf(batchId),
      stats.grouped("scenarios", filters),
      stats.grouped("agentModels", filters),
      stats.grouped("tiers", filters),
      stats.evaluators(filters),
      stats.failuresByStatus(filters)
    ], { concurrency: "unbounded" })
    const row = rows[0]
    if (!row) return yield* Effect.fail(BatchNotFound.of(batchId))
    const batch = toBatch(row)
    const aggregates = new BatchAggregates({
      bySuiteScenario,
      byAgentModel,
      byTier,
      byEvaluator,
      failuresByStatus,
      cells: summarizeCells(runs)
    })
    return new BatchDetail({ ...batch, runs, aggregates, ...upstreamBatchFields(batch, aggregates) })
  })

  const fingerprintsOf = (batchId: string) =>
    sql`SELECT metadata FROM batch_runs WHERE batchId = ${batchId}`.pipe(
      Effect.flatMap(Schema.decodeUnknown(Schema.Array(Schema.Struct({ metadata: Schema.NullOr(Schema.String) })))),
      Effect.map((rows) => batchProvenanceOf(rows[0]?.metadata ?? null).fingerprints),
      Effect.orDie
    )

  /** Both sides' batches are read whole (one batch is read once); the domain narrows each to its side. */
  const compare = Effect.fnUntraced(function*(
    sides: { readonly base: SideOfBatch; readonly head: SideOfBatch },
    options: ComparisonOptions = {}
  ) {
    const batchIds = [...new Set([sides.base.batchId, sides.head.batchId])]
    const read = yield* Effect.forEach(
      batchIds,
      (batchId) => Effect.all([existingRunsOf(batchId), fingerprintsOf(batchId)]),
      { concurrency: "unbounded" }
    )
    const batchOf = (side: SideOfBatch) => {
      const [runs, fingerprints] = read[batchIds.indexOf(side.batchId)]!
      return { batchId: side.batchId, runs, fingerprints, filters: side.filters }
    }
    const [base, head] = [batchOf(sides.base), batchOf(sides.head)]
    const unmatched = sideWithoutRuns("base", base.batchId, base.filters, base.runs) ??
      sideWithoutRuns("head", head.batchId, head.filters, head.runs)
    if (unmatched !== undefined) return yield* unmatched
    return compareBatches(base, head, options)
  })

  return { upsert, list, get, compare } as const
})

export class BatchesRepo
  extends Context.Tag("ze/server/BatchesRepo")<BatchesRepo, Effect.Effect.Success<typeof make>>()
{
  /** Needs `SqlClient` and `StatsRepo`. */
  static readonly layer = Layer.effect(BatchesRepo, make)
}
