import { SqlClient } from "@effect/sql"
import { Effect, Layer } from "effect"
import { readdirSync } from "node:fs"
import { migrate, migrationsDirectory } from "./Migrations.js"
import { SqliteDatabase } from "./SqliteDatabase.js"
import { SqliteWriterLive } from "./SqliteWriter.js"
import type { StoreAccess } from "./StoreFile.js"
import { checkStoreFile, StoreFileProblem } from "./StoreFile.js"

const problem = (filename: string, reason: string) => new StoreFileProblem({ filename, reason })

const causeOf = (error: { readonly message: string; readonly cause?: unknown }) =>
  error.cause instanceof Error ? error.cause.message : error.message

/** A store that cannot be migrated is usually damaged or not ze's: say which file and why, not a stack trace. */
const migrated = (filename: string) =>
  Effect.mapError(
    migrate(),
    (error) =>
      problem(filename, `cannot be opened (${causeOf(error)}): restore a backup, or move it away to start a new store`)
  )

/** A damaged file is found when the store opens, not by the first query that happens to touch a broken page. */
const integrityCheck = (filename: string) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) => sql<{ quick_check: string }>`PRAGMA quick_check(1)`).pipe(
    Effect.mapError((error) => problem(filename, `cannot be read: ${causeOf(error)}`)),
    Effect.flatMap((rows) =>
      rows[0]?.quick_check === "ok"
        ? Effect.void
        : Effect.fail(
          problem(
            filename,
            `is damaged (${
              rows[0]?.quick_check ?? "no answer"
            }): restore a backup, or move it away to start a new store`
          )
        )
    )
  )

/** A read-only store cannot be migrated: it must already have every table this version of ze reads. */
const isCurrent = (filename: string) =>
  Effect.flatMap(
    SqlClient.SqlClient,
    (sql) => sql<{ id: number | null }>`SELECT MAX(migration_id) AS id FROM ze_migrations`
  ).pipe(
    Effect.mapError((error) => problem(filename, `cannot be read: ${error.message}`)),
    Effect.flatMap((rows) => {
      const newest = Math.max(...readdirSync(migrationsDirectory).map((file) => Number(/^(\d+)_/.exec(file)?.[1] ?? 0)))
      const applied = rows[0]?.id ?? 0
      return applied >= newest
        ? Effect.void
        : Effect.fail(
          problem(
            filename,
            `is read-only and was written by an older ze (migration ${applied} of ${newest}): open it once where it can be written`
          )
        )
    })
  )

/**
 * SQLite storage for Node: the file checked before it opens, then the client, migrations and transactional writes.
 * A store that can only be read opens read-only (no migrations, no WAL switch) as long as it is current.
 */
export const SqliteStorage = (filename: string, access: StoreAccess = "write") =>
  Layer.unwrapEffect(Effect.map(checkStoreFile(filename, access), (state) => {
    const readonly = state === "readable"
    const client = SqliteDatabase.layer(readonly ? { filename, readonly: true, disableWAL: true } : { filename }).pipe(
      Layer.catchAll((error) =>
        Layer.fail(problem(filename, `cannot be opened (${causeOf(error)}): check the file and its folder`))
      )
    )
    // Reads skip the integrity check (it reads the whole file); a store opened to write is checked before any run.
    const ready = (readonly
      ? isCurrent(filename)
      : access === "read"
      ? migrated(filename)
      : Effect.zipRight(migrated(filename), integrityCheck(filename))).pipe(Layer.effectDiscard, Layer.provide(client))
    return Layer.mergeAll(client, SqliteWriterLive.pipe(Layer.provide(client)), ready)
  }))
