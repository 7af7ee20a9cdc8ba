import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import { Schema } from "effect"
import { ReadAuth } from "./Auth.js"
import { BatchComparison } from "./Comparison.js"
import { BatchNotFound } from "./Errors.js"
import { Label } from "./Primitives.js"

export const CompareParams = Schema.Struct({ base: Label, head: Label })

export class CompareApi extends HttpApiGroup.make("compare")
  .add(
    HttpApiEndpoint.get("batches", "/compare")
      .setUrlParams(CompareParams)
      .addSuccess(BatchComparison.annotations({ description: "The verdict with its evidence, cell by cell" }))
      .addError(BatchNotFound)
      .annotate(OpenApi.Summary, "Compare two batches: which is better, with the evidence")
      .annotate(
        OpenApi.Description,
        "Paired comparison of two batches (cells by suite, scenario and tier): bootstrap interval of the mean score difference, exact McNemar test on pass/fail, and a verdict."
      )
  )
  .middleware(ReadAuth)
  .prefix("/api")
{}
