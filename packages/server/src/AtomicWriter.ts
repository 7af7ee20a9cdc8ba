import type { D1Database } from "@cloudflare/workers-types"
import type { Statement } from "@effect/sql"
import { SqlError } from "@effect/sql/SqlError"
import { Context, Effect, Layer } from "effect"
import { isUniqueViolation } from "./StoreFault.js"

export interface AtomicWriterShape {
  /**
   * Runs `read`, then the statements, all or none of them, and answers the rows `read` saw before the writes:
   * what was there and what replaced it are decided in the same step, with no round trip between them. The
   * statements may depend on those rows where the store can read inside its atomic step (SQLite); where it cannot
   * (a D1 batch is sent whole) they are built without them, from `undefined`.
   *
   * On SQLite the write is made by the store's one writer, in its own transaction: call it outside any transaction
   * of the caller's (which would hold the connection the writer waits for). Once queued, a write is made even if its
   * caller is interrupted, as a request already sent would be.
   */
  readonly run: <Row extends object>(
    read: Statement.Statement<Row>,
    statements: (before: ReadonlyArray<Row> | undefined) => ReadonlyArray<Statement.Statement<unknown>>
  ) => Effect.Effect<ReadonlyArray<Row>, SqlError>
  /**
   * The same, for a write that usually creates its row: `statements([])` (the row is not there) must fail on a
   * UNIQUE constraint when it is. A store that cannot read inside its atomic step tries that first, alone, and only
   * when the row turns out to be there runs `read` with `statements(undefined)`: a new row costs no retraction.
   */
  readonly runCreating: <Row extends object>(
    read: Statement.Statement<Row>,
    statements: (before: ReadonlyArray<Row> | undefined) => ReadonlyArray<Statement.Statement<unknown>>
  ) => Effect.Effect<ReadonlyArray<Row>, SqlError>
}

/**
 * All-or-nothing multi-statement writes. SQLite uses a transaction (`SqliteWriterLive`, with group commit); D1 has
 * none, so it sends the statements as one `D1Database.batch`, which D1 runs as a single implicit transaction.
 */
export class AtomicWriter extends Context.Tag("ze/server/AtomicWriter")<AtomicWriter, AtomicWriterShape>() {
  static readonly layerD1 = (db: D1Database) => {
    const batch = (statements: ReadonlyArray<Statement.Statement<unknown>>) =>
      Effect.tryPromise({
        try: () =>
          db.batch(statements.map((statement) => {
            const [query, params] = statement.compile()
            return db.prepare(query).bind(...params)
          })),
        catch: (cause) => new SqlError({ cause, message: "D1 batch write failed" })
      })
    const run = <Row extends object>(
      read: Statement.Statement<Row>,
      statements: (before: ReadonlyArray<Row> | undefined) => ReadonlyArray<Statement.Statement<unknown>>
    ) =>
      Effect.map(
        batch([read, ...statements(undefined)]),
        (results) => (results[0]?.results ?? []) as ReadonlyArray<Row>
      )
    return Layer.succeed(AtomicWriter, {
      run,
      runCreating: <Row extends object>(
        read: Statement.Statement<Row>,
        statements: (before: ReadonlyArray<Row> | undefined) => ReadonlyArray<Statement.Statement<unknown>>
      ) =>
        batch(statements([])).pipe(
          Effect.as<ReadonlyArray<Row>>([]),
          Effect.catchIf((error) => isUniqueViolation(error.cause), () => run(read, statements))
        )
    })
  }
}
