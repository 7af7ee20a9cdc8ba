import { Migrator, SqlClient } from "@effect/sql"
import { Effect } from "effect"
import { readdirSync, readFileSync } from "node:fs"
import { readdir, readFile } from "node:fs/promises"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { splitSqlStatements } from "./SqlScript.js"

/** The one migrations folder: wrangler applies it to D1, `migrate` below applies it to SQLite. */
export const migrationsDirectory = fileURLToPath(new URL("../migrations", import.meta.url))

const migrationFile = /^(\d+)_(.+)\.sql$/

/** Loads `NNNN_name.sql` files as Effect migrations, one SQL statement at a time. */
export const sqlFileLoader = (directory: string): Migrator.Loader =>
  Effect.tryPromise({
    try: async () => {
      const files = (await readdir(directory)).filter((file) => migrationFile.test(file)).sort()
      return Promise.all(files.map(async (file): Promise<Migrator.ResolvedMigration> => {
        const [, id, name] = file.match(migrationFile)!
        const statements = splitSqlStatements(await readFile(`${directory}/${file}`, "utf8"))
        const run = Effect.flatMap(SqlClient.SqlClient, (sql) =>
          Effect.forEach(statements, (statement) => sql.unsafe(statement), { discard: true }))
        return [Number(id), name!, Effect.succeed(run)]
      }))
    },
    catch: (cause) =>
      new Migrator.MigrationError({
        reason: "failed",
        message: `Cannot read migrations in ${directory}: ${String(cause)}`
      })
  })

/** Applies pending migrations (tracked in `ze_migrations`) inside a transaction. */
export const migrate = (directory: string = migrationsDirectory) =>
  Migrator.make({})({ loader: sqlFileLoader(directory), table: "ze_migrations" }).pipe(
    Effect.withSpan("ze.migrate")
  )

/** A migration's statement that fills a rollup table from the runs. */
const rollupFill = /^INSERT INTO (run_rollups|evaluation_rollups|run_days|batch_rollups)\s+SELECT\b/

/**
 * Each rollup table's backfill as the newest migration that fills it writes it (`INSERT INTO t SELECT …` over the
 * runs): what the table must hold for the runs stored, for a store seeded below the API and for tests that recount.
 */
export const rollupBackfill = (directory: string = migrationsDirectory): ReadonlyMap<string, string> => {
  const latest = new Map<string, string>()
  const files = readdirSync(directory).filter((file) => migrationFile.test(file)).sort()
  for (const file of files) {
    for (const statement of splitSqlStatements(readFileSync(join(directory, file), "utf8"))) {
      const table = rollupFill.exec(statement)?.[1]
      if (table !== undefined) latest.set(table, statement)
    }
  }
  return latest
}
