import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import { Schema } from "effect"
import { ReadAuth } from "./Auth.js"
import { BatchComparison, ComparisonMode } from "./Comparison.js"
import { BatchNotFound } from "./Errors.js"
import { Label } from "./Primitives.js"

/** Points of the scale (0..100): the size of difference a sequential "no difference" verdict rules out. */
export const MinEffect = Schema.NumberFromString.pipe(Schema.greaterThan(0), Schema.lessThanOrEqualTo(100)).annotations(
  {
    message: () => "minEffect must be a number of points above 0 and at most 100"
  }
)

export const CompareParams = Schema.Struct({
  base: Label,
  head: Label,
  /** `fixed` (default): one look at a finished design. `sequential`: valid however often it is repeated. */
  mode: Schema.optionalWith(ComparisonMode, { exact: true }),
  minEffect: Schema.optionalWith(MinEffect, { exact: true })
})
export type CompareParams = typeof CompareParams.Type

export class CompareApi extends HttpApiGroup.make("compare")
  .add(
    HttpApiEndpoint.get("batches", "/compare")
      .setUrlParams(CompareParams)
      .addSuccess(BatchComparison.annotations({ description: "The verdict with its evidence, cell by cell" }))
      .addError(BatchNotFound)
      .annotate(OpenApi.Summary, "Compare two batches: which is better, with the evidence")
      .annotate(
        OpenApi.Description,
        "Paired comparison of two batches (cells by suite, scenario and tier): bootstrap interval of the mean score difference, exact McNemar test on pass/fail, and a verdict. With mode=sequential the verdict comes from anytime-valid tests over runs paired by cell and repeat (a mixture e-process on pass/fail, betting confidence sequences on the differences), valid however often the comparison is repeated; minEffect (points) lets it conclude that no difference of that size exists."
      )
  )
  .middleware(ReadAuth)
  .prefix("/api")
{}
