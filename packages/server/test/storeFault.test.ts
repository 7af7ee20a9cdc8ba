import { SqlClient } from "@effect/sql"
import { SqliteClient } from "@effect/sql-sqlite-node"
import { SqlError } from "@effect/sql/SqlError"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Option } from "effect"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { storeFaultOf } from "../src/StoreFault.js"

const failureOf = <A>(statements: (sql: SqlClient.SqlClient) => Effect.Effect<A, SqlError>, filename = ":memory:") =>
  Effect.flatMap(SqlClient.SqlClient, (sql) => Effect.flip(statements(sql))).pipe(
    Effect.provide(SqliteClient.layer({ filename }))
  )

describe("storeFaultOf: which failures are the store's, not the request's", () => {
  it.effect("a full database, through the SqlError that wraps it", () =>
    Effect.gen(function*() {
      const error = yield* failureOf((sql) =>
        Effect.gen(function*() {
          yield* sql`PRAGMA max_page_count = 3`
          yield* sql`CREATE TABLE t (x TEXT)`
          for (let i = 0; i < 100; i++) yield* sql`INSERT INTO t VALUES (${"x".repeat(4000)})`
        })
      )
      expect(storeFaultOf(error)).toEqual(Option.some("the database or its disk is full"))
    }))

  it.effect("a file that is not a database", () =>
    Effect.gen(function*() {
      const directory = mkdtempSync(join(tmpdir(), "ze-fault-"))
      const file = join(directory, "not.db")
      writeFileSync(file, "this is not sqlite ".repeat(500))
      // Opening the file already fails (as a defect of the layer), before any statement.
      const error = yield* failureOf((sql) => sql`SELECT 1 FROM sqlite_master`, file).pipe(
        Effect.catchAllDefect((defect) => Effect.succeed(defect)),
        Effect.ensuring(Effect.sync(() => rmSync(directory, { recursive: true, force: true })))
      )
      expect(storeFaultOf(error)).toEqual(Option.some("the file is not a SQLite database"))
    }))

  it("D1's worded errors", () => {
    const cause = new Error("D1_ERROR: database or disk is full: SQLITE_FULL")
    expect(storeFaultOf(new SqlError({ cause, message: "D1 batch write failed" }))).toEqual(
      Option.some("the database or its disk is full")
    )
  })

  it.effect("a mistake in a statement or a broken constraint is not a fault of the store", () =>
    Effect.gen(function*() {
      const constraint = yield* failureOf((sql) =>
        Effect.gen(function*() {
          yield* sql`CREATE TABLE t (x TEXT PRIMARY KEY)`
          yield* sql`INSERT INTO t VALUES ('a')`
          yield* sql`INSERT INTO t VALUES ('a')`
        })
      )
      const syntax = yield* failureOf((sql) => sql`SELEC 1`)
      expect(storeFaultOf(constraint)).toEqual(Option.none())
      expect(storeFaultOf(syntax)).toEqual(Option.none())
      expect(storeFaultOf(new Error("boom"))).toEqual(Option.none())
    }))
})
