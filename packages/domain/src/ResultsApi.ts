import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import { WriteAuth } from "./Auth.js"
import { BatchUpsertPayload, BatchUpsertResponse } from "./Batch.js"
import { SubmitResultsPayload, SubmitResultsResponse } from "./Run.js"

/** Upstream-compatible writes: same paths and payloads as the ze-benchmarks Worker. */
export class ResultsApi extends HttpApiGroup.make("results")
  .add(
    HttpApiEndpoint.post("submit", "/results")
      .setPayload(SubmitResultsPayload)
      .addSuccess(
        SubmitResultsResponse.annotations({
          description: "The run is stored; created is false when a run with this runId was already there"
        }),
        { status: 201 }
      )
      .annotate(OpenApi.Summary, "Store one run with its evaluations, telemetry and artifacts (idempotent by runId)")
  )
  .add(
    HttpApiEndpoint.post("upsertBatch", "/results/batch")
      .setPayload(BatchUpsertPayload)
      .addSuccess(BatchUpsertResponse.annotations({ description: "The batch is stored" }), { status: 201 })
      .annotate(OpenApi.Summary, "Create or update a batch")
  )
  .middleware(WriteAuth)
  .prefix("/api")
{}
