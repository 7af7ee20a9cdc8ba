import type { Statement } from "@effect/sql"
import { SqlError } from "@effect/sql/SqlError"
import { Deferred, Effect, Exit, Fiber, FiberId, Layer, Queue } from "effect"
import { AtomicWriter } from "./AtomicWriter.js"
import { SqliteDatabase } from "./SqliteDatabase.js"
import { storeClosedCode } from "./StoreFault.js"

/** A write waiting for its turn, and where its outcome goes once its transaction has committed or failed. */
interface QueuedWrite {
  readonly read: Statement.Statement<object>
  readonly statements: (before: ReadonlyArray<object>) => ReadonlyArray<Statement.Statement<unknown>>
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
 * SQLite with group commit: the writes that arrive together share one transaction, so they share its commit (the
 * WAL frames of the pages they touch, which a lone write pays in full). Each write still reads and writes as if
 * alone, one after the other, and hears back only once the transaction holding it has committed. When a group
 * fails, each of its writes runs again in a transaction of its own: a write that fails, fails alone, and changes
 * nothing. A group runs synchronously on the store's connection (`SqliteDatabase.exclusive`), with no effect per
 * statement. A store that closes commits the writes already queued; a write that comes after fails at once.
 */
export const SqliteWriterLive = Layer.scoped(
  AtomicWriter,
  Effect.gen(function*() {
    const database = yield* SqliteDatabase
    const queue = yield* Queue.unbounded<QueuedWrite | typeof closing>()
    // Read and set only in synchronous steps, each with its offer: no write is queued behind `closing`.
    let open = true

    /** Runs the group's writes one after the other in one transaction; each write's outcome, or the group's failure. */
    const commit = (group: ReadonlyArray<QueuedWrite>) =>
      database.exclusive(({ query, transaction }) => {
        const write = ({ read, statements }: QueuedWrite) => {
          const rows = query(read) as ReadonlyArray<object>
          for (const statement of statements(rows)) query(statement)
          return rows
        }
        const alone = (queued: QueuedWrite): Exit.Exit<ReadonlyArray<unknown>, SqlError> => {
          try {
            return Exit.succeed(transaction(() => write(queued)))
          } catch (error) {
            return error instanceof SqlError ? Exit.fail(error) : Exit.die(error)
          }
        }
        if (group.length === 1) return [alone(group[0]!)]
        try {
          return transaction(() => group.map(write)).map(Exit.succeed)
        } catch {
          return group.map(alone)
        }
      })
    /** Commits the next group; false once it reaches `closing`, the last entry the queue ever gets. */
    const commitNext = Effect.gen(function*() {
      const first = yield* Queue.take(queue)
      if (first === closing) return false
      yield* nextTurn
      const entries = [first, ...yield* Queue.takeUpTo(queue, maxGroup - 1)]
      const end = entries.indexOf(closing)
      const group = (end === -1 ? entries : entries.slice(0, end)) as ReadonlyArray<QueuedWrite>
      const outcomes = yield* commit(group)
      group.forEach((queued, i) => Deferred.unsafeDone(queued.outcome, outcomes[i]!))
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
    ) =>
      Effect.suspend(() => {
        if (!open) return Effect.fail(storeClosed())
        const outcome = Deferred.unsafeMake<ReadonlyArray<unknown>, SqlError>(FiberId.none)
        Queue.unsafeOffer(queue, {
          read,
          statements: statements as (before: ReadonlyArray<object>) => ReadonlyArray<Statement.Statement<unknown>>,
          outcome
        })
        return Deferred.await(outcome) as Effect.Effect<ReadonlyArray<Row>, SqlError>
      })
    // Reading inside the transaction costs one indexed lookup: the statements always know what is there.
    return { run, runCreating: run }
  })
)
