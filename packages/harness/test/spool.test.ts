import { FetchHttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { ZeClient } from "@ze/client"
import { Effect, Layer, Option, Redacted } from "effect"
import { readdirSync } from "node:fs"
import { createServer } from "node:net"
import { join } from "node:path"
import { loadSuites, runBatch, Spool } from "../src/index.js"
import { harnessLayer, inProcessStore, suitesRoot, tempDir } from "./support.js"

/** A loopback port with nothing listening on it. */
const closedPort = Effect.async<number>((resume) => {
  const server = createServer()
  server.listen(0, "127.0.0.1", () => {
    const address = server.address()
    server.close(() => resume(Effect.succeed(typeof address === "object" && address !== null ? address.port : 1)))
  })
})

describe("spool", () => {
  it.live("runs that cannot reach the server wait in the spool, and sync later stores each exactly once", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir()
      const spoolDir = join(dir, "spool")
      const { scenarios } = yield* loadSuites(suitesRoot, { suites: ["smoke"] })
      const unreachable = ZeClient.layerWith({
        baseUrl: `http://127.0.0.1:${yield* closedPort}`,
        apiKey: Option.some(Redacted.make("k")),
        retries: 0
      }).pipe(Layer.provide(FetchHttpClient.layer))

      const summary = yield* runBatch({
        batchId: "spooled-batch",
        matrix: { scenarios, tiers: ["L0"], agents: [{ agent: "echo", model: null }, { agent: "oracle", model: null }] }
      }).pipe(Effect.provide(Layer.mergeAll(harnessLayer(join(dir, "workspaces")), unreachable, Spool.make(spoolDir))))
      expect(summary.results.map((r) => r.status).sort()).toEqual(["failed", "passed"])
      const files = readdirSync(spoolDir)
      expect(files.filter((f) => f.startsWith("run-"))).toHaveLength(2)
      expect(files.some((f) => f.startsWith("batch-spooled-batch"))).toBe(true)

      const synced = yield* Effect.gen(function*() {
        const report = yield* Effect.flatMap(Spool, (spool) => spool.sync)
        const client = yield* ZeClient
        return { report, batch: yield* client.batches.get({ path: { batchId: "spooled-batch" } }) }
      }).pipe(Effect.provide(Layer.merge(inProcessStore, Spool.make(spoolDir))))
      expect(synced.report.sent).toHaveLength(files.length)
      expect(synced.report.kept).toEqual([])
      expect(readdirSync(spoolDir)).toEqual([])
      expect(synced.batch).toMatchObject({ totalRuns: 2, successfulRuns: 1, status: "completed" })
    }).pipe(Effect.scoped))
})
