import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "@effect/platform"
import { Schema } from "effect"
import { ReadAuth } from "./Auth.js"
import { ArtifactNotFound, InvalidRequest, RunNotFound } from "./Errors.js"
import { RunFacets } from "./Facets.js"
import { RunListParams } from "./Filters.js"
import { PathSegment } from "./Primitives.js"
import { Artifact, Evaluation, Run, RunDetail, Telemetry } from "./Run.js"

const runId = HttpApiSchema.param("runId", PathSegment)

export class RunsApi extends HttpApiGroup.make("runs")
  .add(
    HttpApiEndpoint.get("list", "/runs")
      .setUrlParams(RunListParams)
      .addSuccess(Schema.Array(Run))
      .addError(InvalidRequest)
      .annotate(
        OpenApi.Description,
        "Newest first unless `sort` says otherwise. A plain JSON array, as upstream; the next page's cursor (valid " +
          "for the same sort) is in the X-Next-Cursor header."
      )
  )
  .add(
    HttpApiEndpoint.get("facets", "/runs/facets")
      .addSuccess(RunFacets)
      .annotate(OpenApi.Description, "The distinct suites, scenarios, tiers, agents, models, statuses and recent batches of all runs.")
  )
  .add(HttpApiEndpoint.get("get")`/runs/${runId}`.addSuccess(RunDetail).addError(RunNotFound))
  .add(HttpApiEndpoint.get("evaluations")`/runs/${runId}/evaluations`.addSuccess(Schema.Array(Evaluation)).addError(RunNotFound))
  .add(HttpApiEndpoint.get("telemetry")`/runs/${runId}/telemetry`.addSuccess(Schema.NullOr(Telemetry)).addError(RunNotFound))
  .add(
    HttpApiEndpoint.get("artifacts")`/runs/${runId}/artifacts`
      .addSuccess(Schema.Array(Artifact))
      .addError(RunNotFound)
      .annotate(OpenApi.Description, "Every artifact of the run with its stored content, by name.")
  )
  .add(
    HttpApiEndpoint.get("artifact")`/runs/${runId}/artifacts/${HttpApiSchema.param("name", PathSegment)}`
      .addSuccess(HttpApiSchema.Text())
      .addError(ArtifactNotFound)
      .annotate(OpenApi.Summary, "An artifact's stored content as text (diff, transcript, command log)")
  )
  .middleware(ReadAuth)
  .prefix("/api")
{}
