import type { Statement } from "@effect/sql"
import type { SqlClient } from "@effect/sql/SqlClient"
import type { Run } from "@ze/domain"
import { InvalidRequest, RunSort } from "@ze/domain"
import { Effect, Schema } from "effect"
import { makeCursor } from "./Cursor.js"

interface Order {
  /** An SQL expression over `benchmark_runs r` and `run_telemetry t`: a constant, never user input. */
  readonly key: string
  readonly descending: boolean
  readonly keyOf: (run: Run) => string | number
}

// Weighted scores live on 0..10 and durations are never negative: the sentinels put missing values last.
const orders: Record<RunSort, Order> = {
  newest: { key: "r.started_at", descending: true, keyOf: (run) => run.startedAt },
  oldest: { key: "r.started_at", descending: false, keyOf: (run) => run.startedAt },
  "score-desc": { key: "COALESCE(r.weighted_score, -1)", descending: true, keyOf: (run) => run.weightedScore ?? -1 },
  "score-asc": { key: "COALESCE(r.weighted_score, 11)", descending: false, keyOf: (run) => run.weightedScore ?? 11 },
  "duration-desc": { key: "COALESCE(t.duration_ms, -1)", descending: true, keyOf: (run) => run.durationMs ?? -1 }
}

/** The cursor names its sort, so a cursor is never read under another order. */
const RunCursor = makeCursor(Schema.Tuple(RunSort, Schema.Union(Schema.String, Schema.Number), Schema.Int))

const isTimeOrder = (sort: RunSort) => sort === "newest" || sort === "oldest"

/** ORDER BY, keyset condition and next cursor of one run order; `r.id` breaks ties in the same direction. */
export const runOrder = (sql: SqlClient, sort: RunSort) => {
  const order = orders[sort]
  const direction = order.descending ? "DESC" : "ASC"
  const key = sql.literal(order.key)
  const beyond = sql.literal(order.descending ? "<" : ">")

  const after = (cursor: string | undefined): Effect.Effect<Statement.Fragment | undefined, InvalidRequest> =>
    Effect.flatMap(RunCursor.decode(cursor), (position) => {
      if (position === undefined) return Effect.succeed(undefined)
      const [cursorSort, value, id] = position
      if (cursorSort !== sort || (typeof value === "string") !== isTimeOrder(sort)) {
        return Effect.fail(
          new InvalidRequest({ message: `The cursor belongs to the '${cursorSort}' order, not '${sort}'` })
        )
      }
      return Effect.succeed(sql`(${key} ${beyond} ${value} OR (${key} = ${value} AND r.id ${beyond} ${id}))`)
    })

  return {
    orderBy: sql.literal(`${order.key} ${direction}, r.id ${direction}`),
    after,
    cursorOf: (run: Run) => RunCursor.encode([sort, order.keyOf(run), run.id])
  }
}
