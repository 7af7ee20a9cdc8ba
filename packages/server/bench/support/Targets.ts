import { readFileSync, writeFileSync } from "node:fs"
import { isAbsolute, join } from "node:path"
import { migrationsDirectory } from "../../src/index.js"
import type { Service } from "./Processes.js"
import {
  applyMigrations,
  d1File,
  floorsDirectory,
  freePort,
  root,
  startService,
  tempDirectory,
  wranglerDev,
  zeServe
} from "./Processes.js"
import { countRows, driverDirectory, migrateSqlite, openDatabase } from "./Store.js"

export interface Started {
  readonly service: Service
  /** The runs stored so far (`benchmark_runs`), read from the SQLite file; none for the parse-only floor. */
  readonly storedRuns?: () => number
  /** Where its files live, removed after it stops. */
  readonly directory: string
}

/**
 * The repository's `[assets]` section (the dashboard, and which paths reach the Worker first), its folder made
 * absolute: under wrangler dev every request to a Worker so configured passes through the asset router's workers too.
 */
const zeAssetRouting = () => {
  const section = readFileSync(join(root, "wrangler.toml"), "utf8").match(/^\[assets\]\n(?:(?!\[).*\n)*/m)?.[0]
  if (section === undefined) throw new Error("wrangler.toml has no [assets] section")
  return section.replace(
    /^directory = "(.*)"$/m,
    (_, directory: string) => `directory = ${JSON.stringify(isAbsolute(directory) ? directory : join(root, directory))}`
  )
}

/**
 * A wrangler config of its own in a temp dir for a floor Worker, with the ze schema when it binds D1, and with ze's
 * asset routing when asked.
 */
export const floorWorkerConfig = (
  script: "d1-batch.js" | "parse-only.js",
  options: { readonly withD1: boolean; readonly routedLikeZe?: boolean }
) => {
  const directory = tempDirectory("ze-bench-floor-")
  const config = join(directory, "wrangler.toml")
  writeFileSync(
    config,
    [
      `name = "ze-bench-${script.replace(/\.js$/, "")}"`,
      `main = ${JSON.stringify(join(floorsDirectory, script))}`,
      `compatibility_date = "2026-03-01"`,
      ...(options.routedLikeZe === true ? [zeAssetRouting()] : []),
      ...(options.withD1
        ? [
          "[[d1_databases]]",
          `binding = "DB"`,
          `database_name = "ze"`,
          `database_id = "00000000-0000-4000-8000-000000000000"`,
          `migrations_dir = ${JSON.stringify(migrationsDirectory)}`
        ]
        : [])
    ].join("\n") + "\n"
  )
  return { directory, config }
}

/** The bare node:http + better-sqlite3 floor over a freshly migrated file. */
export const startSqliteFloor = async (): Promise<Started> => {
  const directory = tempDirectory("ze-bench-sqlite-floor-")
  const filename = join(directory, "floor.db")
  const db = openDatabase(filename)
  db.pragma("journal_mode = WAL")
  migrateSqlite(db)
  db.close()
  const port = await freePort()
  const service = await startService(process.execPath, [
    join(floorsDirectory, "sqlite-http.mjs"),
    driverDirectory(),
    filename,
    String(port)
  ], { port })
  return { service, storedRuns: () => countRows(filename, "benchmark_runs"), directory }
}

/**
 * A floor Worker under `wrangler dev`, its D1 (if any) migrated by wrangler from packages/server/migrations; routed
 * like ze, it sits behind the same asset routing as the ze Worker.
 */
export const startFloorWorker = async (
  script: "d1-batch.js" | "parse-only.js",
  options: { readonly routedLikeZe?: boolean } = {}
): Promise<Started> => {
  const withD1 = script === "d1-batch.js"
  const { config, directory } = floorWorkerConfig(script, { withD1, ...options })
  const persist = join(directory, "state")
  if (withD1) await applyMigrations(persist, config)
  const service = await wranglerDev({ persist, config })
  return withD1
    ? { service, directory, storedRuns: () => countRows(d1File(persist), "benchmark_runs") }
    : { service, directory }
}

/** The ze Worker (the repository's wrangler.toml, development mode) over a local D1 migrated by wrangler. */
export const startZeWorker = async (): Promise<Started> => {
  const directory = tempDirectory("ze-bench-worker-")
  await applyMigrations(directory)
  const service = await wranglerDev({ persist: directory })
  return { service, directory, storedRuns: () => countRows(d1File(directory), "benchmark_runs") }
}

/** `ze serve` over a fresh SQLite file. */
export const startZeServe = async (): Promise<Started> => {
  const directory = tempDirectory("ze-bench-serve-")
  const filename = join(directory, "ze.db")
  const service = await zeServe(filename)
  return { service, directory, storedRuns: () => countRows(filename, "benchmark_runs") }
}
