import type { D1Database } from "@cloudflare/workers-types"
import { SqlClient } from "@effect/sql"
import type { Statement } from "@effect/sql"
import { SqlError } from "@effect/sql/SqlError"
import { Context, Deferred, Effect, Exit, Fiber, FiberId, Layer, Option, Queue } from "effect"
import { isUniqueViolation, storeClosedCode } from "./StoreFault.js"

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

/** Runs a statement on the open transaction's connection; outside a transaction, as the statement itself. */
const transactionExecutor = Effect.map(
  Effect.serviceOption(SqlClient.TransactionConnection),
  Option.match({
    onNone: () => (statement: Statement.Statement<unknown>) =>
      Effect.map(statement, (rows): ReadonlyArray<unknown> => rows),
    onSome: ([connection]) => (statement: Statement.Statement<unknown>) => {
      const [query, params] = statement.compile()
      return connection.execute(query, params, undefined) as Effect.Effect<ReadonlyArray<unknown>, SqlError>
    }
  })
)

/** A write waiting for its turn, and where its outcome goes once its transaction has committed or failed. */
interface QueuedWrite {
  readonly write: Effect.Effect<ReadonlyArray<unknown>, SqlError>
  readonly outcome: Deferred.Deferred<ReadonlyArray<unknown>, SqlError>
}

/** Queued by the store as it closes, last: the writes before it are committed, the writer stops there. */
const closing = Symbol("ze/server/AtomicWriter/closing")

/** The most writes one transaction commits together. */
const maxGroup = 64

/** Resumes after the event loop has handled the I/O that is ready: the requests that came in with a write join it. */
const nextTurn = Effect.async<void>((resume) => {
  const handle = setImmediate(() => resume(Effect.void))
  return Effect.sync(() => clearImmediate(handle))
})

/** What a write that comes after the store closed fails with: a store fault (503), nothing written. */
const storeClosed = () =>
  new SqlError({
    cause: Object.assign(new Error("the store is closed"), { code: storeClosedCode }),
    message: "The store is closed: the write was not made"
  })

/**
 * All-or-nothing multi-statement writes. SQLite uses a transaction; D1 has none, so it sends the statements as
 * one `D1Database.batch`, which D1 runs as a single implicit transaction.
 *
 * Inside the transaction the statements go straight to its connection, compiled as `Statement` would compile them:
 * a write is a dozen statements, and running each as its own `Statement` effect (a span, a scope, the connection
 * looked up again) cost ~10% of a write's CPU for nothing the transaction does not already give.
 */
export class AtomicWriter extends Context.Tag("ze/server/AtomicWriter")<AtomicWriter, AtomicWriterShape>() {
  /**
   * SQLite with group commit: the writes that arrive together share one transaction, so they share its commit (the
   * WAL pages and the fsync that a lone write pays in full). Each write still reads and writes as if alone, one after
   * the other, and hears back only once the transaction holding it has committed. When a group fails, each of its
   * writes runs again in a transaction of its own: a write that fails, fails alone, and changes nothing. A store that
   * closes commits the writes already queued; a write that comes after fails at once.
   */
  static readonly layerSql = Layer.scoped(
    AtomicWriter,
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      const queue = yield* Queue.unbounded<QueuedWrite | typeof closing>()
      // Read and set only in synchronous steps, each with its offer: no write is queued behind `closing`.
      let open = true

      const alone = (queued: QueuedWrite) =>
        Effect.flatMap(Effect.exit(sql.withTransaction(queued.write)), (exit) => Deferred.done(queued.outcome, exit))
      const together = (group: ReadonlyArray<QueuedWrite>) =>
        Effect.flatMap(
          Effect.exit(sql.withTransaction(Effect.forEach(group, (queued) => queued.write))),
          (exit) =>
            Exit.isSuccess(exit)
              ? Effect.forEach(group, (queued, i) => Deferred.succeed(queued.outcome, exit.value[i]!), {
                discard: true
              })
              : Effect.forEach(group, alone, { discard: true })
        )
      /** Commits the next group; false once it reaches `closing`, the last entry the queue ever gets. */
      const commitNext = Effect.gen(function*() {
        const first = yield* Queue.take(queue)
        if (first === closing) return false
        yield* nextTurn
        const entries = [first, ...yield* Queue.takeUpTo(queue, maxGroup - 1)]
        const end = entries.indexOf(closing)
        const group = (end === -1 ? entries : entries.slice(0, end)) as ReadonlyArray<QueuedWrite>
        yield* group.length === 1 ? alone(group[0]!) : together(group)
        return end === -1
      })
      const writer = yield* Effect.forkScoped(
        Effect.uninterruptible(Effect.repeat(commitNext, { while: (more) => more }))
      )
      yield* Effect.addFinalizer(() =>
        Effect.sync(() => {
          open = false
          Queue.unsafeOffer(queue, closing)
        }).pipe(Effect.zipRight(Fiber.await(writer)), Effect.zipRight(Queue.shutdown(queue)))
      )

      const run = <Row extends object>(
        read: Statement.Statement<Row>,
        statements: (before: ReadonlyArray<Row> | undefined) => ReadonlyArray<Statement.Statement<unknown>>
      ) => {
        const write = Effect.flatMap(transactionExecutor, (execute) =>
          Effect.flatMap(execute(read), (found) => {
            const rows = found as ReadonlyArray<Row>
            return Effect.as(Effect.forEach(statements(rows), execute, { discard: true }), rows)
          }))
        return Effect.suspend(() => {
          if (!open) return Effect.fail(storeClosed())
          const outcome = Deferred.unsafeMake<ReadonlyArray<unknown>, SqlError>(FiberId.none)
          Queue.unsafeOffer(queue, { write, outcome })
          return Deferred.await(outcome) as Effect.Effect<ReadonlyArray<Row>, SqlError>
        })
      }
      // Reading inside the transaction costs one indexed lookup: the statements always know what is there.
      return { run, runCreating: run }
    })
  )

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
