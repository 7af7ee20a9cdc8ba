import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import { Schema } from "effect"
import { ReadAuth } from "./Auth.js"
import type { ComparisonOptions } from "./Comparison.js"
import { BatchComparison, ComparisonMode } from "./Comparison.js"
import type { SideFilters } from "./ComparisonSide.js"
import { NoSpecialist, sameSide, sideFiltersOf } from "./ComparisonSide.js"
import { BatchNotFound } from "./Errors.js"
import { Label } from "./Primitives.js"

/** Points of the scale (0..100): the size of difference a sequential "no difference" verdict rules out. */
export const MinEffect = Schema.NumberFromString.pipe(Schema.greaterThan(0), Schema.lessThanOrEqualTo(100)).annotations(
  {
    message: () => "minEffect must be a number of points above 0 and at most 100"
  }
)

/** A plain string refinement (not a transformation), so the OpenAPI document shows the description. */
const sideFilter = (side: "base" | "head", what: string) =>
  Schema.optionalWith(
    Schema.String.pipe(Schema.minLength(1), Schema.maxLength(200)).annotations({
      message: () => "must be a non-empty text of at most 200 characters",
      description: `only the ${side} batch's runs ${what}`
    }),
    { exact: true }
  )

const specialistFilter = (side: "base" | "head") =>
  sideFilter(side, `of this specialist, or \`${NoSpecialist}\` for the runs without a specialist`)

/** Each side is a batch, narrowed by its own filters: one batch's specialist against its plain agent, say. */
const CompareFields = Schema.Struct({
  base: Label,
  head: Label,
  baseSpecialist: specialistFilter("base"),
  headSpecialist: specialistFilter("head"),
  baseAgent: sideFilter("base", "of this (base) agent"),
  headAgent: sideFilter("head", "of this (base) agent"),
  baseModel: sideFilter("base", "of this model"),
  headModel: sideFilter("head", "of this model"),
  /** `fixed` (default): one look at a finished design. `sequential`: valid however often it is repeated. */
  mode: Schema.optionalWith(ComparisonMode, { exact: true }),
  minEffect: Schema.optionalWith(MinEffect, { exact: true })
})

/** The two sides of a request: each a batch with the filters that narrow it. */
export const comparedSides = (params: typeof CompareFields.Type) => ({
  base: {
    batchId: params.base,
    filters: sideFiltersOf({ specialist: params.baseSpecialist, agent: params.baseAgent, model: params.baseModel })
  },
  head: {
    batchId: params.head,
    filters: sideFiltersOf({ specialist: params.headSpecialist, agent: params.headAgent, model: params.headModel })
  }
})

/** Two sides as a request's parameters (the inverse of `comparedSides`): the CLI and the dashboard ask with it. */
export const sideParams = (sides: {
  readonly base: { readonly batchId: string; readonly filters: SideFilters }
  readonly head: { readonly batchId: string; readonly filters: SideFilters }
}) => {
  const { base: { filters: b }, head: { filters: h } } = sides
  return {
    base: sides.base.batchId,
    head: sides.head.batchId,
    ...(b.specialist === undefined ? {} : { baseSpecialist: b.specialist }),
    ...(h.specialist === undefined ? {} : { headSpecialist: h.specialist }),
    ...(b.agent === undefined ? {} : { baseAgent: b.agent }),
    ...(h.agent === undefined ? {} : { headAgent: h.agent }),
    ...(b.model === undefined ? {} : { baseModel: b.model }),
    ...(h.model === undefined ? {} : { headModel: h.model })
  }
}

export type SideParams = ReturnType<typeof sideParams>

/** How a request compares: its mode and, for sequential, its minimum effect. */
export const comparisonOptionsOf = (params: typeof CompareFields.Type): ComparisonOptions => ({
  ...(params.mode === undefined ? {} : { mode: params.mode }),
  ...(params.minEffect === undefined ? {} : { minEffect: params.minEffect })
})

export const CompareParams = CompareFields.pipe(
  Schema.filter((params) => {
    const { base, head } = comparedSides(params)
    return sameSide(base, head)
      ? {
        path: ["head"],
        message:
          `names the same runs as base (${base.batchId}, same filters): give another batch or narrow one side, e.g. headSpecialist`
      }
      : undefined
  })
)
export type CompareParams = typeof CompareParams.Type

export class CompareApi extends HttpApiGroup.make("compare")
  .add(
    HttpApiEndpoint.get("batches", "/compare")
      .setUrlParams(CompareParams)
      .addSuccess(BatchComparison.annotations({ description: "The verdict with its evidence, cell by cell" }))
      .addError(BatchNotFound)
      .annotate(OpenApi.Summary, "Compare two batches, or two sides of batches: which is better, with the evidence")
      .annotate(
        OpenApi.Description,
        "Paired comparison of two batches (cells by suite, scenario and tier): bootstrap interval of the mean score difference, exact McNemar test on pass/fail, and a verdict. With mode=sequential the verdict comes from anytime-valid tests over runs paired by cell and repeat (a mixture e-process on pass/fail, betting confidence sequences on the differences), valid however often the comparison is repeated; minEffect (points) lets it conclude that no difference of that size exists. Each side may be narrowed (baseSpecialist/headSpecialist, `none` for the plain agents; baseAgent/headAgent; baseModel/headModel), so one batch's specialist runs compare with its plain runs; what the sides compare is left out of the pairing cell. Both sides naming the same runs is a 400, and so is a side whose filters match no run of its batch (the issue names the parameter)."
      )
  )
  .middleware(ReadAuth)
  .prefix("/api")
{}
