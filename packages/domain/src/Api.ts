import { HttpApi, OpenApi } from "@effect/platform"
import { BatchesApi } from "./BatchesApi.js"
import { CompareApi } from "./CompareApi.js"
import { DashboardApi } from "./DashboardApi.js"
import {
  InternalServerError,
  InvalidRequest,
  PayloadTooLarge,
  StoreUnavailable,
  UnsupportedMediaType
} from "./Errors.js"
import { HealthApi } from "./HealthApi.js"
import { ResultsApi } from "./ResultsApi.js"
import { RunsApi } from "./RunsApi.js"
import { StatsApi } from "./StatsApi.js"
import { ZE_VERSION } from "./Version.js"

/** The one contract: the server implements it, the client is derived from it. */
export class ZeApi extends HttpApi.make("ze")
  .add(HealthApi)
  .add(ResultsApi)
  .add(RunsApi)
  .add(BatchesApi)
  .add(StatsApi)
  .add(CompareApi)
  .add(DashboardApi)
  .addError(InvalidRequest)
  .addError(PayloadTooLarge)
  .addError(UnsupportedMediaType)
  .addError(InternalServerError)
  .addError(StoreUnavailable)
  .annotate(OpenApi.Title, "ze API")
  .annotate(OpenApi.Version, ZE_VERSION)
  .annotate(OpenApi.Description, "Results of AI coding-agent benchmarks: runs, batches, statistics.")
{}
