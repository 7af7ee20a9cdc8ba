import { SqlClient } from "@effect/sql"
import { SqliteClient } from "@effect/sql-sqlite-node"
import { Effect, ManagedRuntime } from "effect"
import { createHash } from "node:crypto"

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
  return { digest, rows, close: () => runtime.dispose() }
}
