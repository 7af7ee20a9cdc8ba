import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "@effect/platform"
import { Schema } from "effect"
import { ReadAuth } from "./Auth.js"
import { Batch, BatchDetail } from "./Batch.js"
import { BatchNotFound, InvalidRequest } from "./Errors.js"
import { PageParams } from "./Filters.js"
import { PathSegment } from "./Primitives.js"

export class BatchesApi extends HttpApiGroup.make("batches")
  .add(
    HttpApiEndpoint.get("list", "/batches")
      .setUrlParams(PageParams)
      .addSuccess(Schema.Array(Batch).annotations({ description: "One page of batches" }))
      .addError(InvalidRequest)
      .annotate(OpenApi.Summary, "List batches with their totals")
      .annotate(
        OpenApi.Description,
        "Newest first, with the aggregates of their runs (kept with each write); next cursor in X-Next-Cursor."
      )
  )
  .add(
    HttpApiEndpoint.get("get")`/batches/${HttpApiSchema.param("batchId", PathSegment)}`
      .addSuccess(BatchDetail)
      .addError(BatchNotFound)
      .annotate(
        OpenApi.Summary,
        "One batch: its totals, aggregates by scenario, agent, tier and evaluator, and its runs"
      )
  )
  .middleware(ReadAuth)
  .prefix("/api")
{}
