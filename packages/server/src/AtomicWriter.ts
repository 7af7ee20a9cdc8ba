import type { D1Database } from "@cloudflare/workers-types"
import { SqlClient } from "@effect/sql"
import type { Statement } from "@effect/sql"
import { SqlError } from "@effect/sql/SqlError"
import { Context, Effect, Layer } from "effect"

export interface AtomicWriterShape {
  /**
   * Runs `read`, then every statement, all or none of them, and answers the rows `read` saw before the writes:
   * what was there and what replaced it are decided in the same step, with no round trip between them.
   */
  readonly run: <Row extends object>(
    read: Statement.Statement<Row>,
    statements: ReadonlyArray<Statement.Statement<unknown>>
  ) => Effect.Effect<ReadonlyArray<Row>, SqlError>
}

/**
 * All-or-nothing multi-statement writes. SQLite uses a transaction; D1 has none, so it sends the statements as
 * one `D1Database.batch`, which D1 runs as a single implicit transaction.
 */
export class AtomicWriter extends Context.Tag("ze/server/AtomicWriter")<AtomicWriter, AtomicWriterShape>() {
  static readonly layerSql = Layer.effect(
    AtomicWriter,
    Effect.map(SqlClient.SqlClient, (sql): AtomicWriterShape => ({
      run: (read, statements) =>
        sql.withTransaction(
          Effect.flatMap(read, (rows) => Effect.as(Effect.forEach(statements, (statement) => statement, { discard: true }), rows))
        )
    }))
  )

  static readonly layerD1 = (db: D1Database) =>
    Layer.succeed(AtomicWriter, {
      run: <Row extends object>(read: Statement.Statement<Row>, statements: ReadonlyArray<Statement.Statement<unknown>>) =>
        Effect.tryPromise({
          try: () =>
            db.batch([read, ...statements].map((statement) => {
              const [query, params] = statement.compile()
              return db.prepare(query).bind(...params)
            })),
          catch: (cause) => new SqlError({ cause, message: "D1 batch write failed" })
        }).pipe(
          Effect.map((results) => (results[0]?.results ?? []) as ReadonlyArray<Row>),
          Effect.withSpan("AtomicWriter.d1Batch", { attributes: { statements: statements.length + 1 } })
        )
    })
}
