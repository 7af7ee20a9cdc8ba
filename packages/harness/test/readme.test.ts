import { describe, expect, it } from "@effect/vitest"
import { inProcessHttpClient, ZeClient } from "@ze/client"
import { makeInProcessHandler } from "@ze/server"
import { Console, Effect, Layer, Option, Redacted, Stream } from "effect"
import { Agents, HarnessSettings, loadSuites, runBatchStream, Workspaces } from "../src/index.js"
import { suitesRoot, tempDir } from "./support.js"

/** The README's example, kept compiling and passing. */
describe("README example", () => {
  it.live("runs a batch from code with an embedded store and prints progress", () =>
    Effect.gen(function*() {
      const workspacesDir = yield* tempDir()
      const { dispose, handler } = makeInProcessHandler({ settings: { writeKey: Option.some(Redacted.make("local")) } })
      yield* Effect.addFinalizer(() => Effect.promise(dispose))
      const StoreLive = ZeClient.layerWith({ apiKey: Option.some(Redacted.make("local")) }).pipe(
        Layer.provide(inProcessHttpClient(handler))
      )
      const HarnessTest = Layer.mergeAll(Workspaces.layer, Agents.layer).pipe(
        Layer.provideMerge(HarnessSettings.make({ workspacesDir }))
      )

      const program = Effect.gen(function*() {
        const { scenarios } = yield* loadSuites(suitesRoot, { suites: ["demo"], scenarios: ["fizzbuzz"] })
        const agents = yield* Effect.flatMap(Agents, (registry) => registry.select(["echo", "oracle"], []))
        return yield* runBatchStream({ matrix: { scenarios, tiers: ["L1"], agents }, concurrency: 2 }).pipe(
          Stream.tap((event) =>
            event._tag === "CellFinished"
              ? Console.log(
                `${event.result.cell.scenario} ${event.result.cell.agent}: ${event.result.status} ${event.result.weightedScore}/10`
              )
              : Effect.void
          ),
          Stream.runLast
        )
      })

      const last = yield* program.pipe(Effect.provide(Layer.merge(HarnessTest, StoreLive)))
      const summary = Option.getOrThrow(last)
      expect(summary._tag === "BatchFinished" && summary.summary.byStatus).toEqual({ passed: 1, failed: 1 })
    }).pipe(Effect.scoped))
})
