import type { D1Database } from "@cloudflare/workers-types"
import { SqlClient } from "@effect/sql"
import type { Statement } from "@effect/sql"
import { SqlError } from "@effect/sql/SqlError"
import { Context, Effect, Layer } from "effect"

export interface AtomicWriterShape {
  /** Runs every statement or none of them. */
  readonly run: (statements: ReadonlyArray<Statement.Statement<unknown>>) => Effect.Effect<void, SqlError>
}

/**
 * All-or-nothing multi-statement writes. SQLite uses a transaction; D1 has none, so it sends the statements as
 * one `D1Database.batch`, which D1 runs as a single implicit transaction.
 */
export class AtomicWriter extends Context.Tag("ze/server/AtomicWriter")<AtomicWriter, AtomicWriterShape>() {
  static readonly layerSql = Layer.effect(
    AtomicWriter,
    Effect.map(SqlClient.SqlClient, (sql) => ({
      run: (statements) => sql.withTransaction(Effect.forEach(statements, (statement) => statement, { discard: true }))
    }))
  )

  static readonly layerD1 = (db: D1Database) =>
    Layer.succeed(AtomicWriter, {
      run: (statements) =>
        Effect.tryPromise({
          try: () =>
            db.batch(statements.map((statement) => {
              const [query, params] = statement.compile()
              return db.prepare(query).bind(...params)
            })),
          catch: (cause) => new SqlError({ cause, message: "D1 batch write failed" })
        }).pipe(Effect.asVoid, Effect.withSpan("AtomicWriter.d1Batch", { attributes: { statements: statements.length } }))
    })
}
