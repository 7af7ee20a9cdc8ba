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
      .addSuccess(Schema.Array(Run).annotations({ description: "One page of runs" }))
      .addError(InvalidRequest)
      .annotate(OpenApi.Summary, "List runs, filtered by suite, scenario, tier, agent, model, status, batch or time")
      .annotate(
        OpenApi.Description,
        "Newest first unless `sort` says otherwise. A plain JSON array, as upstream; the next page's cursor (valid " +
          "for the same sort) is in the X-Next-Cursor header."
      )
  )
  .add(
    HttpApiEndpoint.get("facets", "/runs/facets")
      .addSuccess(RunFacets.annotations({ description: "The values each filter can take" }))
      .annotate(OpenApi.Summary, "The values the run filters can take")
      .annotate(
        OpenApi.Description,
        "The distinct suites, scenarios, tiers, agents, models, statuses and recent batches of all runs."
      )
  )
  .add(
    HttpApiEndpoint.get("get")`/runs/${runId}`.addSuccess(RunDetail).addError(RunNotFound)
      .annotate(OpenApi.Summary, "One run with its evaluations, telemetry and artifact list")
  )
  .add(
    HttpApiEndpoint.get("evaluations")`/runs/${runId}/evaluations`.addSuccess(
      Schema.Array(Evaluation).annotations({ description: "One entry per evaluator that ran" })
    ).addError(RunNotFound)
      .annotate(OpenApi.Summary, "The evaluators' scores of one run")
  )
  .add(
    HttpApiEndpoint.get("telemetry")`/runs/${runId}/telemetry`.addSuccess(
      Schema.NullOr(Telemetry).annotations({ description: "The run's telemetry, or null" })
    ).addError(RunNotFound)
      .annotate(OpenApi.Summary, "Tokens, tool calls, cost and duration of one run (null when none were recorded)")
  )
  .add(
    HttpApiEndpoint.get("artifacts")`/runs/${runId}/artifacts`
      .addSuccess(Schema.Array(Artifact).annotations({ description: "The artifacts with their content" }))
      .addError(RunNotFound)
      .annotate(OpenApi.Summary, "The artifacts of one run, with their content")
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
