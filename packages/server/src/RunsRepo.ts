import { SqlClient } from "@effect/sql"
import type { RunListParams, SubmitResultsPayload, TelemetryInput } from "@ze/domain"
import { ArtifactNotFound, RunListDefaults, RunNotFound } from "@ze/domain"
import { Array as Arr, Context, Effect, Layer, Option, Schema } from "effect"
import type { StoredArtifact } from "./Artifacts.js"
import { capArtifact } from "./Artifacts.js"
import { AtomicWriter } from "./AtomicWriter.js"
import { clampLimit } from "./Cursor.js"
import { recordRun, retractRun } from "./Rollups.js"
import {
  ArtifactFromRow,
  artifactSummaryColumns,
  ArtifactSummaryFromRow,
  evaluationColumns,
  EvaluationFromRow,
  runColumns,
  RunFromRow,
  telemetryColumns,
  TelemetryFromRow
} from "./Rows.js"
import { checkRunRows } from "./RowSize.js"
import { runOrder } from "./RunOrder.js"
import { ServerConfig } from "./ServerConfig.js"
import { runFilterClauses } from "./SqlFilters.js"

/** Evaluations go in multi-row inserts of 12 (8 values each): D1 binds at most 100 values to one statement. */
const evaluationsPerInsert = 12

const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value))
const bool = (value: boolean) => (value ? 1 : 0)

const runInsert = `INSERT INTO benchmark_runs (run_id, batchId, suite, scenario, tier, agent, model, status, started_at,
            completed_at, total_score, weighted_score, is_successful, success_metric, specialist_enabled,
            specialist_name, specialist_version, metadata, repeat_index, resolved_model, agent_version,
            failure_reason, updated_at)`

/**
 * The same insert as a re-submit's upsert. SQLite checks an upsert's conflict target before it inserts, which made a
 * first submit's insert ten times dearer than a plain one (0.4 ms against 0.04 ms with ze's indexes): the upsert is
 * used only where the run may exist (a re-submit on SQLite, where the existence read runs inside the write; and on
 * D1 once a first try with the plain insert found the run there).
 */
const runUpsert = `ON CONFLICT (run_id) DO UPDATE SET batchId = excluded.batchId, suite = excluded.suite,
            scenario = excluded.scenario, tier = excluded.tier, agent = excluded.agent, model = excluded.model,
            status = excluded.status, started_at = excluded.started_at, completed_at = excluded.completed_at,
            total_score = excluded.total_score, weighted_score = excluded.weighted_score,
            is_successful = excluded.is_successful, success_metric = excluded.success_metric,
            specialist_enabled = excluded.specialist_enabled, specialist_name = excluded.specialist_name,
            specialist_version = excluded.specialist_version, metadata = excluded.metadata,
            repeat_index = excluded.repeat_index, resolved_model = excluded.resolved_model,
            agent_version = excluded.agent_version, failure_reason = excluded.failure_reason,
            updated_at = excluded.updated_at`

const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const writer = yield* AtomicWriter
  const config = yield* ServerConfig

  const decodeRuns = Schema.decodeUnknown(Schema.Array(RunFromRow))

  const exists = (runId: string) =>
    sql`SELECT 1 AS found FROM benchmark_runs WHERE run_id = ${runId}`.pipe(Effect.map((rows) => rows.length > 0))

  const ensureExists = (runId: string) =>
    Effect.flatMap(exists(runId), (found) => (found ? Effect.void : Effect.fail(RunNotFound.of(runId))))

  const insertTelemetry = (runId: string, t: TelemetryInput) =>
    sql`INSERT INTO run_telemetry (run_id, tool_calls, tokens_in, tokens_out, cache_read_tokens, cache_write_tokens,
          cost_usd, judge_cost_usd, judge_tokens_in, judge_tokens_out, duration_ms, workspace_dir, prompt_sent)
        VALUES (${runId}, ${t.toolCalls ?? null}, ${t.tokensIn ?? null}, ${t.tokensOut ?? null},
          ${t.cacheReadTokens ?? null}, ${t.cacheWriteTokens ?? null}, ${t.costUsd ?? null}, ${t.judgeCostUsd ?? null},
          ${t.judgeTokensIn ?? null}, ${t.judgeTokensOut ?? null}, ${t.durationMs ?? null}, ${t.workspaceDir ?? null},
          ${t.promptSent ?? null})`

  /** Writes the run and everything that belongs to it in one atomic step; a re-submit replaces them. */
  const write = Effect.fnUntraced(function*(
    payload: SubmitResultsPayload,
    artifacts: ReadonlyArray<StoredArtifact>
  ) {
    const now = new Date().toISOString()
    const startedAt = payload.startedAt ?? now
    const runId = payload.runId
    const runValues = sql`VALUES (${runId}, ${
      payload.batchId ?? null
    }, ${payload.suite}, ${payload.scenario}, ${payload.tier},
            ${payload.agent}, ${payload.model ?? null}, ${payload.status}, ${startedAt}, ${payload.completedAt ?? null},
            ${payload.totalScore ?? null}, ${payload.weightedScore ?? null},
            ${bool(payload.isSuccessful ?? payload.status === "passed")}, ${payload.successMetric ?? null},
            ${bool(payload.specialistEnabled ?? false)}, ${payload.specialistName ?? null},
            ${payload.specialistVersion ?? null}, ${json(payload.metadata)}, ${payload.repeat ?? null},
            ${payload.resolvedModel ?? null}, ${payload.agentVersion ?? null}, ${
      payload.failureReason ?? null
    }, ${now})`
    /**
     * `false`: a new run, written with plain inserts (on D1 tried first, alone; the insert fails if the run is there).
     * Unknown (undefined) on D1's second try, whose batch is sent whole: then a re-submit's statements go too.
     */
    const statementsFor = (existed: boolean | undefined) => [
      ...(existed === false ? [] : retractRun(sql, runId)),
      ...(payload.batchId
        ? [sql`INSERT INTO batch_runs (batchId, createdAt, updatedAt)
              VALUES (${payload.batchId}, ${Date.parse(startedAt)}, ${Date.now()})
              ON CONFLICT (batchId) DO NOTHING`]
        : []),
      existed === false
        ? sql`${sql.literal(runInsert)} ${runValues}`
        : sql`${sql.literal(runInsert)} ${runValues} ${sql.literal(runUpsert)}`,
      ...(existed === false ? [] : [sql`DELETE FROM evaluation_results WHERE run_id = ${runId}`]),
      ...Arr.chunksOf(payload.evaluations ?? [], evaluationsPerInsert).map((evaluations) =>
        sql`INSERT INTO evaluation_results (run_id, evaluator_name, score, max_score, details, status, weight, created_at)
            VALUES ${
          sql.csv(evaluations.map((e) =>
            sql`(${runId}, ${e.evaluatorName}, ${e.score}, ${e.maxScore}, ${e.details ?? null}, ${e.status ?? "ok"},
              ${e.weight ?? null}, ${now})`
          ))
        }`
      ),
      ...(existed === false ? [] : [sql`DELETE FROM run_telemetry WHERE run_id = ${runId}`]),
      ...(payload.telemetry
        ? [insertTelemetry(runId, payload.telemetry)]
        : []),
      ...(existed === false ? [] : [sql`DELETE FROM run_artifacts WHERE run_id = ${runId}`]),
      ...artifacts.map((a) =>
        sql`INSERT INTO run_artifacts (run_id, name, content_type, content, size_bytes, stored_bytes, truncated, created_at)
            VALUES (${runId}, ${a.name}, ${a.contentType}, ${a.content}, ${a.sizeBytes}, ${a.storedBytes},
              ${bool(a.truncated)}, ${now})
            ON CONFLICT (run_id, name) DO UPDATE SET content_type = excluded.content_type,
              content = excluded.content, size_bytes = excluded.size_bytes, stored_bytes = excluded.stored_bytes,
              truncated = excluded.truncated`
      ),
      ...recordRun(sql, runId)
    ]
    const before = yield* writer.runCreating(
      sql<{ found: number }>`SELECT 1 AS found FROM benchmark_runs WHERE run_id = ${runId}`,
      (rows) => statementsFor(rows === undefined ? undefined : rows.length > 0)
    )
    return { runId, created: before.length === 0 }
  }, Effect.orDie)

  /** A run with a row too large for the store is a 413 before anything is written. */
  const submit = (payload: SubmitResultsPayload) => {
    const artifacts = (payload.artifacts ?? []).map((artifact) => capArtifact(artifact, config.maxArtifactBytes))
    return Effect.zipRight(checkRunRows(payload, artifacts), write(payload, artifacts))
  }

  const list = Effect.fnUntraced(function*(params: RunListParams) {
    const limit = clampLimit(params.limit, RunListDefaults)
    const order = runOrder(sql, params.sort ?? "newest")
    const after = yield* order.after(params.cursor)
    const clauses = [...runFilterClauses(sql, params), ...(after ? [after] : [])]
    const rows = yield* sql`SELECT ${sql.literal(runColumns)}
      FROM benchmark_runs r LEFT JOIN run_telemetry t ON t.run_id = r.run_id
      WHERE ${sql.and(clauses)}
      ORDER BY ${order.orderBy}
      LIMIT ${limit + 1}`.pipe(Effect.flatMap(decodeRuns), Effect.orDie)
    const page = rows.slice(0, limit)
    const last = page.at(-1)
    const nextCursor = rows.length > limit && last ? Option.some(order.cursorOf(last)) : Option.none()
    return { runs: page, nextCursor }
  })

  const findRun = (runId: string) =>
    sql`SELECT ${sql.literal(runColumns)} FROM benchmark_runs r LEFT JOIN run_telemetry t ON t.run_id = r.run_id
        WHERE r.run_id = ${runId}`.pipe(
      Effect.flatMap(decodeRuns),
      Effect.orDie,
      Effect.flatMap((rows) => (rows[0] ? Effect.succeed(rows[0]) : Effect.fail(RunNotFound.of(runId))))
    )

  const evaluationsOf = (runId: string) =>
    sql`SELECT ${sql.literal(evaluationColumns)} FROM evaluation_results e WHERE e.run_id = ${runId} ORDER BY e.id`
      .pipe(
        Effect.flatMap(Schema.decodeUnknown(Schema.Array(EvaluationFromRow))),
        Effect.orDie
      )

  const telemetryOf = (runId: string) =>
    sql`SELECT ${sql.literal(telemetryColumns)} FROM run_telemetry t WHERE t.run_id = ${runId}`.pipe(
      Effect.flatMap(Schema.decodeUnknown(Schema.Array(TelemetryFromRow))),
      Effect.map((rows) => rows[0] ?? null),
      Effect.orDie
    )

  const artifactsOf = (runId: string) =>
    sql`SELECT ${sql.literal(artifactSummaryColumns)} FROM run_artifacts a WHERE a.run_id = ${runId} ORDER BY a.name`
      .pipe(
        Effect.flatMap(Schema.decodeUnknown(Schema.Array(ArtifactSummaryFromRow))),
        Effect.orDie
      )

  const get = Effect.fnUntraced(function*(runId: string) {
    const [run, evaluations, telemetry, artifacts] = yield* Effect.all(
      [findRun(runId), evaluationsOf(runId), telemetryOf(runId), artifactsOf(runId)],
      { concurrency: "unbounded" }
    )
    return { run, evaluations, telemetry, artifacts }
  })

  const evaluations = Effect.fnUntraced(function*(runId: string) {
    yield* ensureExists(runId).pipe(Effect.catchTag("SqlError", Effect.die))
    return yield* evaluationsOf(runId)
  })

  const telemetry = Effect.fnUntraced(function*(runId: string) {
    yield* ensureExists(runId).pipe(Effect.catchTag("SqlError", Effect.die))
    return yield* telemetryOf(runId)
  })

  /** Every artifact with its content: a run page needs the run and this, nothing else. */
  const artifacts = Effect.fnUntraced(function*(runId: string) {
    const [, rows] = yield* Effect.all([
      ensureExists(runId),
      sql`SELECT ${sql.literal(artifactSummaryColumns)}, a.content AS content FROM run_artifacts a
        WHERE a.run_id = ${runId} ORDER BY a.name`.pipe(
        Effect.flatMap(Schema.decodeUnknown(Schema.Array(ArtifactFromRow)))
      )
    ], { concurrency: "unbounded" }).pipe(Effect.catchTags({ SqlError: Effect.die, ParseError: Effect.die }))
    return rows
  })

  const artifact = Effect.fnUntraced(function*(runId: string, name: string) {
    const rows = yield* sql<{ content: string }>`SELECT content FROM run_artifacts
      WHERE run_id = ${runId} AND name = ${name}`.pipe(Effect.orDie)
    const row = rows[0]
    return row ? row.content : yield* Effect.fail(ArtifactNotFound.of(runId, name))
  })

  return { submit, list, get, evaluations, telemetry, artifacts, artifact } as const
})

export class RunsRepo extends Context.Tag("ze/server/RunsRepo")<RunsRepo, Effect.Effect.Success<typeof make>>() {
  /** Needs `SqlClient`, `AtomicWriter` and `ServerConfig`. */
  static readonly layer = Layer.effect(RunsRepo, make)
}
