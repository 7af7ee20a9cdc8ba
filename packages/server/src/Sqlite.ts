import { SqliteClient } from "@effect/sql-sqlite-node"
import { Effect, Layer } from "effect"
import { mkdirSync } from "node:fs"
import { dirname } from "node:path"
import { AtomicWriter } from "./AtomicWriter.js"
import { migrate } from "./Migrations.js"

/** SQLite storage for Node: the client, migrations applied at start, and transactional writes. */
export const SqliteStorage = (filename: string) => {
  if (filename !== ":memory:") mkdirSync(dirname(filename), { recursive: true })
  const client = SqliteClient.layer({ filename })
  const migrated = Layer.effectDiscard(Effect.orDie(migrate())).pipe(Layer.provide(client))
  return Layer.mergeAll(client, AtomicWriter.layerSql.pipe(Layer.provide(client)), migrated)
}
