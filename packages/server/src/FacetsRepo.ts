import { SqlClient } from "@effect/sql"
import { RunFacets, RunStatus } from "@ze/domain"
import { Context, Effect, Layer, Schema } from "effect"

const Scenarios = Schema.Array(Schema.Struct({ suite: Schema.String, scenario: Schema.String }))
const Batches = Schema.Array(Schema.Struct({ batchId: Schema.String, createdAt: Schema.Number }))

/** Rows whose column holds no value to filter on: runs without a model, plain agents' runs (no specialist). */
const absent: Partial<Record<string, string>> = {
  model: "WHERE model_is_null = 0",
  specialist: "WHERE specialist <> ''"
}

const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  /** The rollups hold one row per cell and status: their keys are the values the runs take, in far fewer rows. */
  const distinct = <A, I>(
    column: "suite" | "tier" | "agent" | "model" | "status" | "specialist",
    value: Schema.Schema<A, I>
  ) =>
    sql`SELECT DISTINCT ${sql.literal(column)} AS value FROM run_rollups
      ${sql.literal(absent[column] ?? "")} ORDER BY value`.pipe(
      Effect.flatMap(Schema.decodeUnknown(Schema.Array(Schema.Struct({ value })))),
      Effect.map((rows) => rows.map((row) => row.value))
    )

  /** Distinct values over all runs, one query per filter, run together. */
  const facets = Effect.fnUntraced(function*() {
    const facets = yield* Effect.all({
      suites: distinct("suite", Schema.String),
      scenarios: sql`SELECT DISTINCT suite, scenario FROM run_rollups ORDER BY suite, scenario`.pipe(
        Effect.flatMap(Schema.decodeUnknown(Scenarios))
      ),
      tiers: distinct("tier", Schema.String),
      agents: distinct("agent", Schema.String),
      models: distinct("model", Schema.String),
      statuses: distinct("status", RunStatus),
      specialists: distinct("specialist", Schema.String),
      batches: sql`SELECT b.batchId AS batchId, b.createdAt AS createdAt FROM batch_runs b
        WHERE EXISTS (SELECT 1 FROM benchmark_runs r WHERE r.batchId = b.batchId)
        ORDER BY b.createdAt DESC, b.batchId DESC LIMIT 50`.pipe(Effect.flatMap(Schema.decodeUnknown(Batches)))
    }, { concurrency: "unbounded" }).pipe(Effect.orDie)
    return new RunFacets(facets)
  })

  return { facets } as const
})

export class FacetsRepo extends Context.Tag("ze/server/FacetsRepo")<FacetsRepo, Effect.Effect.Success<typeof make>>() {
  /** Needs `SqlClient`. */
  static readonly layer = Layer.effect(FacetsRepo, make)
}
