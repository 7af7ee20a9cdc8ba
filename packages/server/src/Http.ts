import { HttpApiBuilder, HttpApp, HttpServerResponse } from "@effect/platform"
import { SqlClient } from "@effect/sql"
import { comparedSides, comparisonOptionsOf, Health, NextCursorHeader, StoreUnavailable, ZeApi } from "@ze/domain"
import { Effect, Layer, Option } from "effect"
import { ReadAuthLive, WriteAuthLive } from "./Auth.js"
import { BatchesRepo } from "./BatchesRepo.js"
import { DashboardRepo } from "./DashboardRepo.js"
import { FacetsRepo } from "./FacetsRepo.js"
import { RunsRepo } from "./RunsRepo.js"
import { ServerConfig } from "./ServerConfig.js"
import { StatsRepo } from "./StatsRepo.js"

/** Lists stay plain JSON arrays (upstream's shape); the next page's cursor travels in a header. */
const withNextCursor = (cursor: Option.Option<string>) =>
  Option.match(cursor, {
    onNone: () => Effect.void,
    onSome: (value) =>
      HttpApp.appendPreResponseHandler((_, response) =>
        Effect.succeed(HttpServerResponse.setHeader(response, NextCursorHeader, value))
      )
  })

/** Healthy means the store answers a query, not only that the process is up. */
const HealthLive = HttpApiBuilder.group(ZeApi, "health", (handlers) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const config = yield* ServerConfig
    const storeAnswers = sql`SELECT COUNT(*) AS tables FROM sqlite_master`.pipe(
      Effect.mapError((error) =>
        new StoreUnavailable({
          storage: config.storage,
          message: `The store cannot be read: ${error.cause instanceof Error ? error.cause.message : error.message}`
        })
      )
    )
    return handlers.handle("health", () =>
      Effect.as(
        storeAnswers,
        new Health({
          status: "ok",
          timestamp: new Date().toISOString(),
          version: config.version,
          storage: config.storage
        })
      ))
  }))

const ResultsLive = HttpApiBuilder.group(ZeApi, "results", (handlers) =>
  Effect.gen(function*() {
    const runs = yield* RunsRepo
    const batches = yield* BatchesRepo
    return handlers
      .handle("submit", ({ payload }) => Effect.map(runs.submit(payload), (r) => ({ success: true as const, ...r })))
      .handle("upsertBatch", ({ payload }) =>
        Effect.map(batches.upsert(payload), (b) => ({ success: true as const, ...b })))
  }))

const RunsLive = HttpApiBuilder.group(ZeApi, "runs", (handlers) =>
  Effect.gen(function*() {
    const runs = yield* RunsRepo
    const facets = yield* FacetsRepo
    return handlers
      .handle("list", ({ urlParams }) =>
        Effect.flatMap(runs.list(urlParams), (page) =>
          Effect.as(withNextCursor(page.nextCursor), page.runs)))
      .handle("facets", () =>
        facets.facets())
      .handle("get", ({ path }) => runs.get(path.runId))
      .handle("evaluations", ({ path }) => runs.evaluations(path.runId))
      .handle("telemetry", ({ path }) => runs.telemetry(path.runId))
      .handle("artifacts", ({ path }) => runs.artifacts(path.runId))
      .handle("artifact", ({ path }) => runs.artifact(path.runId, path.name))
  }))

const BatchesLive = HttpApiBuilder.group(ZeApi, "batches", (handlers) =>
  Effect.gen(function*() {
    const batches = yield* BatchesRepo
    return handlers
      .handle("list", ({ urlParams }) =>
        Effect.flatMap(batches.list(urlParams), (page) =>
          Effect.as(withNextCursor(page.nextCursor), page.batches)))
      .handle("get", ({ path }) =>
        batches.get(path.batchId))
  }))

const StatsLive = HttpApiBuilder.group(ZeApi, "stats", (handlers) =>
  Effect.gen(function*() {
    const stats = yield* StatsRepo
    return handlers
      .handle("global", ({ urlParams }) => stats.global(urlParams))
      .handle("agents", ({ urlParams }) => stats.grouped("agents", urlParams))
      .handle("models", ({ urlParams }) => stats.grouped("models", urlParams))
      .handle("agentModels", ({ urlParams }) => stats.grouped("agentModels", urlParams))
      .handle("agentModelTiers", ({ urlParams }) => stats.grouped("agentModelTiers", urlParams))
      .handle("suites", ({ urlParams }) => stats.grouped("suites", urlParams))
      .handle("scenarios", ({ urlParams }) => stats.grouped("scenarios", urlParams))
      .handle("tiers", ({ urlParams }) => stats.grouped("tiers", urlParams))
      .handle("specialists", ({ urlParams }) => stats.bySpecialist(urlParams))
      .handle("evaluators", ({ urlParams }) => stats.evaluators(urlParams))
      .handle("cost", ({ urlParams }) => stats.cost(urlParams))
  }))

const CompareLive = HttpApiBuilder.group(
  ZeApi,
  "compare",
  (handlers) =>
    Effect.map(
      BatchesRepo,
      (batches) =>
        handlers.handle("batches", ({ urlParams }) =>
          batches.compare(comparedSides(urlParams), comparisonOptionsOf(urlParams)))
    )
)

const DashboardLive = HttpApiBuilder.group(
  ZeApi,
  "dashboard",
  (handlers) =>
    Effect.map(
      DashboardRepo,
      (dashboard) => handlers.handle("overview", ({ urlParams }) => dashboard.overview(urlParams))
    )
)

const Repositories = Layer.mergeAll(DashboardRepo.layer, FacetsRepo.layer).pipe(
  Layer.provideMerge(Layer.mergeAll(RunsRepo.layer, BatchesRepo.layer)),
  Layer.provideMerge(StatsRepo.layer)
)

/** The whole API over `SqlClient`, `AtomicWriter` and `ServerConfig`; each entry point supplies those. */
export const ApiLive = HttpApiBuilder.api(ZeApi).pipe(
  Layer.provide([HealthLive, ResultsLive, RunsLive, BatchesLive, StatsLive, CompareLive, DashboardLive]),
  Layer.provide(Repositories),
  Layer.provide([WriteAuthLive, ReadAuthLive])
)
