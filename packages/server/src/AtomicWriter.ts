import type { D1Database } from "@cloudflare/workers-types"
import { SqlClient } from "@effect/sql"
import type { Statement } from "@effect/sql"
import { SqlError } from "@effect/sql/SqlError"
import { Context, Effect, Layer } from "effect"

export interface AtomicWriterShape {
  /**
   * Runs `read`, then the statements, all or none of them, and answers the rows `read` saw before the writes:
   * what was there and what replaced it are decided in the same step, with no round trip between them. The
   * statements may depend on those rows where the store can read inside its atomic step (SQLite); where it cannot
   * (a D1 batch is sent whole) they are built without them, from `undefined`.
   */
  readonly run: <Row extends object>(
    read: Statement.Statement<Row>,
    statements: (before: ReadonlyArray<Row> | undefined) => ReadonlyArray<Statement.Statement<unknown>>
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
          Effect.flatMap(read, (rows) =>
            Effect.as(Effect.forEach(statements(rows), (statement) => statement, { discard: true }), rows))
        )
    }))
  )

  static readonly layerD1 = (db: D1Database) =>
    Layer.succeed(AtomicWriter, {
      run: <Row extends object>(
        read: Statement.Statement<Row>,
        statements: (before: ReadonlyArray<Row> | undefined) => ReadonlyArray<Statement.Statement<unknown>>
      ) =>
        Effect.tryPromise({
          try: () =>
            db.batch([read, ...statements(undefined)].map((statement) => {
              const [query, params] = statement.compile()
              return db.prepare(query).bind(...params)
            })),
          catch: (cause) => new SqlError({ cause, message: "D1 batch write failed" })
        }).pipe(
          Effect.map((results) => (results[0]?.results ?? []) as ReadonlyArray<Row>),
          Effect.withSpan("AtomicWriter.d1Batch")
        )
    })
}
