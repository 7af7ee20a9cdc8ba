import { SqlClient } from "@effect/sql"
import { SqliteClient } from "@effect/sql-sqlite-node"
import { Effect, ManagedRuntime } from "effect"
import { createHash } from "node:crypto"
import { rollupBackfill } from "../../src/Migrations.js"

/** Every table's row count and one hash over every row of every table. */
export interface Digest {
  readonly counts: Readonly<Record<string, number>>
  readonly hash: string
}

type Row = Record<string, unknown>

/** Tables of the schema; SQLite's and miniflare's own (`sqlite_*`, `_cf_*`) are left out. */
const tablesSql = `SELECT name FROM sqlite_master WHERE type = 'table'
  AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' ORDER BY name`

/**
 * Reads the database behind a running server (the Node file, or miniflare's D1 file) read-only, so a test can
 * prove that a refused request changed no row and count what an accepted one wrote.
 */
export const openDigest = (filename: string) => {
  const runtime = ManagedRuntime.make(SqliteClient.layer({ filename, readonly: true }))
  const rows = (statement: string) =>
    runtime.runPromise(Effect.flatMap(SqlClient.SqlClient, (sql) => sql.unsafe<Row>(statement)))
  const digest = async (): Promise<Digest> => {
    const hash = createHash("sha256")
    const counts: Record<string, number> = {}
    for (const { name } of (await rows(tablesSql)) as ReadonlyArray<{ name: string }>) {
      const table = await rows(`SELECT * FROM "${name}"`)
      counts[name] = table.length
      hash.update(name)
      for (const line of table.map((row) => JSON.stringify(row)).sort()) hash.update(line)
    }
    return { counts, hash: hash.digest("hex") }
  }
  /**
   * SQLite's count of commits made by other connections (`PRAGMA data_version`): unchanged between two looks means
   * no other connection committed anything, a check that costs one statement however large the tables are.
   */
  const commits = async () =>
    ((await rows("PRAGMA data_version")) as ReadonlyArray<{ data_version: number }>)[0]!
      .data_version
  return { digest, rows, commits, close: () => runtime.dispose() }
}

/** How many leading columns of each rollup table are its key (the backfill selects them first too). */
const rollupKeys: Readonly<Record<string, number>> = {
  run_rollups: 8,
  evaluation_rollups: 9,
  run_days: 1,
  batch_rollups: 1
}

/** The migrations' backfill (`INSERT INTO t SELECT …`) without its INSERT: what each rollup table must hold now. */
const recountQueries = () =>
  [...rollupBackfill()].map(([table, statement]) =>
    [table, statement.replace(/^INSERT INTO \w+\s+/, "").replace(/;\s*$/, "")] as const
  )

/** Equal, or numbers that differ only in the last bits a different order of summing gives. */
const sameValue = (a: unknown, b: unknown) =>
  typeof a === "number" && typeof b === "number"
    ? Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))
    : a === b

/**
 * Compares each rollup table, row by row, with a recount of the runs by the migration's own backfill query; answers
 * what differs (nothing when the rollups kept in each write are exact).
 */
export const rollupDifferences = async (rows: (statement: string) => Promise<ReadonlyArray<Row>>) => {
  const queries = recountQueries()
  if (queries.length !== Object.keys(rollupKeys).length) throw new Error("the rollup backfill queries changed")
  const differences: Array<string> = []
  for (const [table, select] of queries) {
    const order = Array.from({ length: rollupKeys[table]! }, (_, i) => i + 1).join(", ")
    const kept = await rows(`SELECT * FROM ${table} ORDER BY ${order}`)
    const recounted = await rows(`${select} ORDER BY ${order}`)
    if (kept.length !== recounted.length) {
      differences.push(`${table}: ${kept.length} rows, a recount gives ${recounted.length}`)
    }
    kept.forEach((row, i) => {
      const expected = Object.values(recounted[i] ?? {})
      const actual = Object.values(row)
      if (actual.length !== expected.length || actual.some((value, j) => !sameValue(value, expected[j]))) {
        differences.push(
          `${table} row ${i}: ${JSON.stringify(row)} but a recount gives ${JSON.stringify(recounted[i])}`
        )
      }
    })
  }
  return differences
}
