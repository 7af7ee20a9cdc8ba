import { SqlClient } from "@effect/sql"
import { SqliteClient } from "@effect/sql-sqlite-node"
import type { SqlError } from "@effect/sql/SqlError"
import { describe, expect, it } from "@effect/vitest"
import { Cause, Context, Deferred, Effect, Either, Exit, Fiber, Layer, Option, Scope } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { AtomicWriter } from "../src/AtomicWriter.js"
import { SqliteDatabase } from "../src/SqliteDatabase.js"
import { SqliteWriterLive } from "../src/SqliteWriter.js"
import { storeFaultOf } from "../src/StoreFault.js"

/**
 * The SQLite writer through a real file, watched from a second connection. `frames` empties the WAL and then counts
 * the frames written to it since: every commit writes at least one (the frame carrying the commit mark), so N
 * separate commits can never write fewer than N.
 */
const withStore = <A, E>(
  test: (
    writer: AtomicWriter["Type"],
    sql: SqlClient.SqlClient,
    frames: Effect.Effect<Effect.Effect<number>>,
    seen: (k: string) => Effect.Effect<number | undefined>
  ) => Effect.Effect<A, E>
) =>
  Effect.gen(function*() {
    const directory = mkdtempSync(join(tmpdir(), "ze-writer-"))
    yield* Effect.addFinalizer(() => Effect.sync(() => rmSync(directory, { recursive: true, force: true })))
    const filename = join(directory, "store.db")
    const client = SqliteDatabase.layer({ filename })
    const store = yield* Layer.build(Layer.merge(client, SqliteWriterLive.pipe(Layer.provide(client))))
    const sql = Context.get(store, SqlClient.SqlClient)
    yield* sql`CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL CHECK (v >= 0))`
    const observer = Context.get(yield* Layer.build(SqliteClient.layer({ filename })), SqlClient.SqlClient)
    const frames = Effect.as(
      Effect.orDie(observer`PRAGMA wal_checkpoint(TRUNCATE)`),
      Effect.orDie(Effect.map(observer<{ log: number }>`PRAGMA wal_checkpoint(PASSIVE)`, (rows) => rows[0]!.log))
    )
    const seen = (k: string) =>
      Effect.orDie(Effect.map(observer<{ v: number }>`SELECT v FROM t WHERE k = ${k}`, (rows) => rows[0]?.v))
    return yield* test(Context.get(store, AtomicWriter), sql, frames, seen)
  })

/** Adds one to `k`, answering what was there before; `built` counts the times the writer asked for its statements. */
const increment = (writer: AtomicWriter["Type"], sql: SqlClient.SqlClient, k: string, built?: Map<string, number>) =>
  Effect.map(
    writer.run(sql<{ v: number }>`SELECT v FROM t WHERE k = ${k}`, (before) => {
      built?.set(k, (built.get(k) ?? 0) + 1)
      return [
        sql`INSERT INTO t (k, v) VALUES (${k}, ${
          (before?.[0]?.v ?? 0) + 1
        }) ON CONFLICT (k) DO UPDATE SET v = excluded.v`
      ]
    }),
    (before) => before[0]?.v ?? 0
  )

/** `middle` sent together with an increment of `a` before it and one of `b` after it: the three share a group. */
const between = <A, E>(
  writer: AtomicWriter["Type"],
  sql: SqlClient.SqlClient,
  middle: Effect.Effect<A, E>,
  built?: Map<string, number>
) =>
  Effect.all([increment(writer, sql, "a", built), middle, increment(writer, sql, "b", built)], {
    concurrency: "unbounded"
  })

describe("SqliteWriterLive: group commit", () => {
  it.scoped("writes that arrive together share one commit; each reads what the ones before it wrote", () =>
    withStore((writer, sql, frames, seen) =>
      Effect.gen(function*() {
        const written = yield* frames
        const before = yield* Effect.all(Array.from({ length: 8 }, () => increment(writer, sql, "shared")), {
          concurrency: "unbounded"
        })
        // Answered only once committed: the other connection already sees every write.
        expect(yield* seen("shared")).toBe(8)
        expect([...before].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
        expect(yield* written).toBeLessThan(8)
      })
    ))

  it.scoped("a write that fails fails alone: the others of its group are stored, it changes nothing", () =>
    withStore((writer, sql, _frames, seen) =>
      Effect.gen(function*() {
        const refused = writer.run(sql`SELECT v FROM t WHERE k = 'bad'`, () => [
          sql`INSERT INTO t (k, v) VALUES ('bad', 1)`,
          sql`INSERT INTO t (k, v) VALUES ('bad-too', -1)`
        ])
        const built = new Map<string, number>()
        const [first, bad, last] = yield* between(writer, sql, Effect.either(refused), built)
        expect([first, last]).toEqual([0, 0])
        expect(Either.isLeft(bad) && bad.left._tag).toBe("SqlError")
        // The bad write shared a transaction with the one before it: that one was made in it, which failed at the bad
        // one, and then again alone, and is stored once.
        expect(Object.fromEntries(built)).toEqual({ a: 2, b: 1 })
        expect([yield* seen("a"), yield* seen("b"), yield* seen("bad"), yield* seen("bad-too")])
          .toEqual([1, 1, undefined, undefined])
      })
    ))

  it.scoped("a write whose statements cannot be built dies alone; the writer goes on", () =>
    withStore((writer, sql, _frames, seen) =>
      Effect.gen(function*() {
        const broken = writer.run(sql`SELECT v FROM t WHERE k = 'broken'`, () => {
          throw new Error("no statements")
        })
        const [first, exit, last] = yield* between(writer, sql, Effect.exit(broken))
        expect([first, last]).toEqual([0, 0])
        expect(Exit.isFailure(exit) && Cause.isDie(exit.cause)).toBe(true)
        expect(yield* increment(writer, sql, "a")).toBe(1)
        expect([yield* seen("a"), yield* seen("b")]).toEqual([2, 1])
      })
    ))

  it.scopedLive("a write waits for a transaction of the client's to end, and is not part of it", () =>
    withStore((writer, sql, _frames, seen) =>
      Effect.gen(function*() {
        const queued = yield* Deferred.make<Fiber.RuntimeFiber<number, SqlError>>()
        const rolledBack = sql.withTransaction(
          Effect.gen(function*() {
            yield* sql`INSERT INTO t (k, v) VALUES ('held', 1)`
            const fiber = yield* Effect.fork(increment(writer, sql, "queued"))
            yield* Deferred.succeed(queued, fiber)
            yield* Effect.sleep("20 millis")
            // The write has not run inside this transaction: it is still waiting.
            expect(fiber.unsafePoll()).toBe(null)
            yield* Effect.fail("roll back")
          })
        )
        expect(yield* Effect.flip(rolledBack)).toBe("roll back")
        expect(yield* Fiber.join(yield* Deferred.await(queued))).toBe(0)
        expect([yield* seen("held"), yield* seen("queued")]).toEqual([undefined, 1])
      })
    ))

  it.scoped("a write alone commits alone, as soon as it comes", () =>
    withStore((writer, sql, frames, seen) =>
      Effect.gen(function*() {
        const written = yield* frames
        for (let i = 1; i <= 3; i++) {
          expect(yield* increment(writer, sql, "one")).toBe(i - 1)
          expect(yield* seen("one")).toBe(i)
        }
        expect(yield* written).toBeGreaterThanOrEqual(3)
      })
    ))

  it.scoped("a store that closes commits the writes already queued; a write after that fails at once", () =>
    Effect.gen(function*() {
      const directory = mkdtempSync(join(tmpdir(), "ze-writer-"))
      yield* Effect.addFinalizer(() => Effect.sync(() => rmSync(directory, { recursive: true, force: true })))
      const filename = join(directory, "store.db")
      const client = SqliteDatabase.layer({ filename })
      const scope = yield* Scope.make()
      const store = yield* Layer.buildWithScope(
        Layer.merge(client, SqliteWriterLive.pipe(Layer.provide(client))),
        scope
      )
      const sql = Context.get(store, SqlClient.SqlClient)
      const writer = Context.get(store, AtomicWriter)
      yield* sql`CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL CHECK (v >= 0))`
      const queued = yield* Effect.forkAll(["a", "b", "c"].map((k) => increment(writer, sql, k)))
      yield* Effect.yieldNow()
      yield* Scope.close(scope, Exit.void)
      expect(yield* Fiber.join(queued)).toEqual([0, 0, 0])
      const late = yield* Effect.either(increment(writer, sql, "late"))
      expect(Either.isLeft(late) && late.left.message).toContain("The store is closed")
      // A fault of the store (a 503 to clients), not an unexplained 500.
      expect(Either.isLeft(late) && storeFaultOf(late.left)).toEqual(Option.some("the store is closed"))

      const reopened = Context.get(yield* Layer.build(SqliteClient.layer({ filename })), SqlClient.SqlClient)
      expect(yield* reopened<{ k: string }>`SELECT k FROM t ORDER BY k`).toEqual([{ k: "a" }, { k: "b" }, { k: "c" }])
    }))
})
