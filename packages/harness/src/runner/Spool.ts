import { isUnreachable, ZeClient } from "@ze/client"
import { BatchUpsertPayload, SubmitResultsPayload } from "@ze/domain"
import { Config, Context, Effect, Layer, Schema } from "effect"
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises"
import { join, resolve } from "node:path"

/** One result that could not reach the server, kept on disk until `ze sync` sends it. */
export const SpoolEntry = Schema.Union(
  Schema.Struct({ kind: Schema.Literal("run"), payload: SubmitResultsPayload }),
  Schema.Struct({ kind: Schema.Literal("batch"), payload: BatchUpsertPayload })
)
export type SpoolEntry = typeof SpoolEntry.Type

const SpoolFile = Schema.parseJson(SpoolEntry)

export class SpoolError extends Schema.TaggedError<SpoolError>()("SpoolError", {
  file: Schema.String,
  message: Schema.String
}) {}

export interface SyncReport {
  readonly sent: ReadonlyArray<string>
  /** Files kept in the spool, with the reason: a server that refused them, or a file that does not decode. */
  readonly kept: ReadonlyArray<{ readonly file: string; readonly reason: string }>
}

const fileNameOf = (entry: SpoolEntry) => {
  const id = entry.kind === "run" ? entry.payload.runId : entry.payload.batchId
  // Batch upserts of one batch are kept in order by their time; a run's latest result replaces the earlier one.
  const suffix = entry.kind === "batch" ? `-${Date.now()}` : ""
  const safe = id.replace(/[^A-Za-z0-9._-]/g, "_")
  return `${safe.startsWith(`${entry.kind}-`) ? "" : `${entry.kind}-`}${safe}${suffix}.json`
}

const attempt = <A>(file: string, what: string, run: () => Promise<A>) =>
  Effect.tryPromise({ try: run, catch: (cause) => new SpoolError({ file, message: `${what}: ${String(cause)}` }) })

const make = (directory: string) => {
  let putHere = 0
  const put = (entry: SpoolEntry) =>
    Effect.gen(function*() {
      const name = fileNameOf(entry)
      const file = join(directory, name)
      const text = yield* Schema.encode(SpoolFile)(entry).pipe(
        Effect.mapError((error) => new SpoolError({ file, message: error.message }))
      )
      const staging = join(directory, `.${name}.${process.pid}.tmp`)
      yield* attempt(file, "Cannot write to the spool", async () => {
        await mkdir(directory, { recursive: true })
        await writeFile(staging, text)
        await rename(staging, file)
      })
      putHere++
      return file
    })

  const files = attempt(directory, "Cannot read the spool", async () => {
    const names = await readdir(directory).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return [] as Array<string>
      throw error
    })
    // Runs before batch upserts, so a batch is completed after its runs arrive.
    return names.filter((name) => name.endsWith(".json") && !name.startsWith(".")).sort((a, b) =>
      (a.startsWith("batch-") ? 1 : 0) - (b.startsWith("batch-") ? 1 : 0) || a.localeCompare(b)
    )
  })

  const read = (name: string) =>
    Effect.flatMap(
      attempt(name, "Cannot read", () => readFile(join(directory, name), "utf8")),
      (text) =>
        Schema.decode(SpoolFile)(text).pipe(
          Effect.mapError((error) => new SpoolError({ file: name, message: `Not a spooled result: ${error.message}` }))
        )
    )

  /** Sends every spooled result and removes each one the server accepted; stops early if the server is unreachable. */
  const sync = Effect.gen(function*() {
    const client = yield* ZeClient
    const sent: Array<string> = []
    const kept: Array<{ file: string; reason: string }> = []
    for (const name of yield* files) {
      const entry = yield* Effect.either(read(name))
      if (entry._tag === "Left") {
        kept.push({ file: name, reason: entry.left.message })
        continue
      }
      const value = entry.right
      const submitted = value.kind === "run"
        ? Effect.asVoid(client.results.submit({ payload: value.payload }))
        : Effect.asVoid(client.results.upsertBatch({ payload: value.payload }))
      const outcome = yield* Effect.either(submitted)
      if (outcome._tag === "Left") {
        const error = outcome.left
        if (isUnreachable(error)) return yield* Effect.fail(error)
        kept.push({ file: name, reason: `${error._tag}: ${error.message}` })
        continue
      }
      yield* attempt(name, "Cannot remove a sent result", () => rm(join(directory, name), { force: true }))
      sent.push(name)
    }
    return { sent, kept } satisfies SyncReport
  })

  /** How many results this process has put in the spool: a batch whose results wait there did not finish. */
  const putByThisProcess = Effect.sync(() => putHere)

  return { directory, put, files, sync, putByThisProcess } as const
}

/**
 * Results that could not reach a remote server wait here (one JSON file each, Schema-checked when read back)
 * until `ze sync` sends them: no run is lost because a server was down.
 */
export class Spool extends Context.Tag("ze/harness/Spool")<Spool, ReturnType<typeof make>>() {
  static readonly make = (directory: string) => Layer.succeed(Spool, make(resolve(directory)))
  /** `ZE_SPOOL_DIR`, default `.ze/spool`. */
  static readonly layer = Layer.unwrapEffect(
    Effect.map(Config.string("ZE_SPOOL_DIR").pipe(Config.withDefault(".ze/spool")), Spool.make)
  )
}
