import * as Reactivity from "@effect/experimental/Reactivity"
import { SqlClient, Statement } from "@effect/sql"
import type { SqlConnection } from "@effect/sql"
import { SqlError } from "@effect/sql/SqlError"
import Sqlite from "better-sqlite3"
import { Context, Effect, Layer, Scope, Stream } from "effect"

export interface SqliteDatabaseOptions {
  readonly filename: string
  readonly readonly?: boolean
  /** Keep SQLite's rollback journal (a read-only store cannot switch to WAL). */
  readonly disableWAL?: boolean
}

/** The connection as `SqliteDatabase.exclusive` lends it: synchronous, and throwing `SqlError`. */
export interface ExclusiveConnection {
  /** Runs one statement (its SQL prepared once per connection) and answers its rows. */
  readonly query: (statement: Statement.Statement<unknown>) => ReadonlyArray<unknown>
  /** Runs `body` in a transaction (`BEGIN IMMEDIATE`): committed when it returns, rolled back when it throws. */
  readonly transaction: <A>(body: () => A) => A
}

export interface SqliteDatabaseShape {
  /**
   * Runs `use` alone on the store's one connection, synchronously: no statement of the `SqlClient` runs meanwhile and
   * no transaction of its is open. What `use` throws is a defect: catch the `SqlError`s it means to answer.
   */
  readonly exclusive: <A>(use: (connection: ExclusiveConnection) => A) => Effect.Effect<A>
}

/** The WAL pages after which a commit checkpoints them into the database file (SQLite's default is 1,000). */
const checkpointPages = 10_000

/** The most prepared statements kept; reads with filters make many texts, each used again and again. */
const preparedLimit = 500

const failure = (cause: unknown, message: string) => new SqlError({ cause, message })

/**
 * The store's SQLite connection (better-sqlite3), shared by the `SqlClient` the repositories read through and by
 * `exclusive`, which the atomic writer uses to run whole groups of writes without an effect per statement: a write is
 * a dozen statements, and running each through the client (its prepare cache looked up by hashing the SQL text, a
 * fiber step or more per statement) cost ~0.1 ms of the ~1.3 ms a write takes in `ze serve`.
 */
export class SqliteDatabase extends Context.Tag("ze/server/SqliteDatabase")<SqliteDatabase, SqliteDatabaseShape>() {
  /** The connection, the `SqlClient` over it, and this service; the connection closes with the layer's scope. */
  static readonly layer = (options: SqliteDatabaseOptions) =>
    Layer.scopedContext(Effect.gen(function*() {
      // The first statements read the file: a damaged one fails here, as an error that names it, and is closed.
      const db = yield* Effect.acquireRelease(
        Effect.try({
          try: () => {
            const db = new Sqlite(options.filename, { readonly: options.readonly ?? false })
            try {
              if (options.disableWAL !== true) {
                db.pragma("journal_mode = WAL")
                // A checkpoint copies every page the WAL holds into the file. A write touches the same pages as the
                // writes before it (the indexes' last leaves, the rollup cells), so checkpointing every 10,000 pages
                // (40 MB of WAL) instead of SQLite's 1,000 copies each of them once where it copied it again and
                // again: 0.09 ms less CPU a write in `ze serve`, ~10% more writes a second (measured alternately
                // against 1,000 pages, 8 rounds).
                db.pragma(`wal_autocheckpoint = ${checkpointPages}`)
              }
              return db
            } catch (error) {
              db.close()
              throw error
            }
          },
          catch: (cause) => failure(cause, `Cannot open the SQLite database ${options.filename}`)
        }),
        (db) => Effect.sync(() => db.close())
      )

      const prepared = new Map<string, Sqlite.Statement>()
      const prepare = (sql: string) => {
        const found = prepared.get(sql)
        if (found !== undefined) return found
        const statement = db.prepare(sql)
        if (prepared.size >= preparedLimit) prepared.delete(prepared.keys().next().value!)
        prepared.set(sql, statement)
        return statement
      }
      const rows = (statement: Sqlite.Statement, params: ReadonlyArray<unknown>): ReadonlyArray<unknown> =>
        statement.reader ? statement.all(...params) : (statement.run(...params), [])
      const attempt = <A>(run: () => A) =>
        Effect.try({ try: run, catch: (cause) => failure(cause, "Failed to execute statement") })

      const connection: SqlConnection.Connection = {
        execute: (sql, params, transformRows) =>
          attempt(() => {
            const found = rows(prepare(sql), params) as ReadonlyArray<object>
            return transformRows ? transformRows(found) : found
          }),
        executeRaw: (sql, params) =>
          attempt(() => {
            const statement = prepare(sql)
            return statement.reader ? statement.all(...params) : statement.run(...params)
          }),
        executeValues: (sql, params) =>
          attempt(() => {
            const statement = prepare(sql)
            if (!statement.reader) return (statement.run(...params), [])
            try {
              return statement.raw(true).all(...params) as ReadonlyArray<ReadonlyArray<unknown>>
            } finally {
              statement.raw(false)
            }
          }),
        executeUnprepared: (sql, params, transformRows) =>
          attempt(() => {
            const found = rows(db.prepare(sql), params ?? []) as ReadonlyArray<object>
            return transformRows ? transformRows(found) : found
          }),
        executeStream: () => Stream.dieMessage("SQLite streams are not supported")
      }

      // One permit: a statement waits for a transaction of the client's to end; a transaction holds it to its end.
      const lock = yield* Effect.makeSemaphore(1)
      const client = yield* SqlClient.make({
        acquirer: lock.withPermits(1)(Effect.succeed(connection)),
        transactionAcquirer: Effect.uninterruptibleMask((restore) =>
          Effect.zipRight(
            restore(lock.take(1)),
            Effect.as(Effect.flatMap(Effect.scope, (scope) => Scope.addFinalizer(scope, lock.release(1))), connection)
          )
        ),
        compiler: Statement.makeCompilerSqlite(),
        spanAttributes: [["db.system.name", "sqlite"]]
      })

      const run = (sql: string, params: ReadonlyArray<unknown>) => {
        try {
          return rows(prepare(sql), params)
        } catch (cause) {
          throw failure(cause, "Failed to execute statement")
        }
      }
      const exclusiveConnection: ExclusiveConnection = {
        query: (statement) => run(...statement.compile()),
        transaction: (body) => {
          run("BEGIN IMMEDIATE", [])
          try {
            const result = body()
            run("COMMIT", [])
            return result
          } catch (error) {
            // A failed COMMIT may have rolled the transaction back already.
            if (db.inTransaction) run("ROLLBACK", [])
            throw error
          }
        }
      }
      const database: SqliteDatabaseShape = {
        exclusive: (use) => lock.withPermits(1)(Effect.sync(() => use(exclusiveConnection)))
      }
      return Context.make(SqliteDatabase, database).pipe(Context.add(SqlClient.SqlClient, client))
    })).pipe(Layer.provide(Reactivity.layer))
}
