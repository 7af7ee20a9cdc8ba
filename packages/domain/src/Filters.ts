import { Schema } from "effect"
import { NoSpecialist } from "./ComparisonSide.js"
import { IsoTimestampParam } from "./Primitives.js"
import { RunStatus } from "./Status.js"

/** Filters shared by run listings, batch breakdowns and every stats answer (equality, combined with AND). */
export const RunFilterFields = {
  suite: Schema.optional(Schema.String.annotations({ description: "only runs of this suite" })),
  scenario: Schema.optional(
    Schema.String.annotations({ description: "only runs of this scenario (its name within the suite)" })
  ),
  agent: Schema.optional(Schema.String.annotations({ description: "only runs of this agent" })),
  model: Schema.optional(Schema.String.annotations({ description: "only runs of this model" })),
  tier: Schema.optional(Schema.String.annotations({ description: "only runs of this tier (L0, L1, …)" })),
  specialist: Schema.optional(
    Schema.String.pipe(
      Schema.minLength(1, { message: () => `must name a specialist, or \`${NoSpecialist}\` for the runs without one` })
    ).annotations({
      description: `only runs of this specialist (\`${NoSpecialist}\`: the runs of plain agents, without a specialist)`
    })
  ),
  status: Schema.optional(RunStatus.annotations({ description: "only runs that ended with this status" })),
  batchId: Schema.optional(Schema.String.annotations({ description: "only runs of this batch" })),
  from: Schema.optional(IsoTimestampParam.annotations({ description: "runs started at or after this instant" })),
  to: Schema.optional(IsoTimestampParam.annotations({ description: "runs started before this instant" }))
}

/** Every wrong parameter is reported, not only the first. */
const allErrors = { parseOptions: { errors: "all" } } as const

export const RunFilters = Schema.Struct(RunFilterFields).annotations(allErrors)
export type RunFilters = typeof RunFilters.Type

export const Limit = Schema.NumberFromString.pipe(Schema.int(), Schema.positive()).annotations({
  message: () => "must be a positive whole number",
  description: "how many to return at most (a positive whole number; larger values are clamped)"
})

/** Orders of `GET /api/runs`; runs without a score or a duration come last in the score and duration orders. */
export const RunSort = Schema.Literal("newest", "oldest", "score-desc", "score-asc", "duration-desc").annotations({
  identifier: "RunSort"
})
export type RunSort = typeof RunSort.Type

/** `GET /api/runs` query: filters, an order (newest first by default), a limit (clamped) and an opaque cursor. */
export const RunListParams = Schema.Struct({
  ...RunFilterFields,
  sort: Schema.optional(
    RunSort.annotations({
      description: "the order: newest (the default), oldest, score-desc, score-asc or duration-desc"
    })
  ),
  limit: Schema.optional(Limit),
  cursor: Schema.optional(Schema.String.annotations({ description: "an X-Next-Cursor value, for the same sort" }))
}).annotations(allErrors)
export type RunListParams = typeof RunListParams.Type

export const PageParams = Schema.Struct({
  limit: Schema.optional(Limit),
  cursor: Schema.optional(Schema.String.annotations({ description: "an X-Next-Cursor value from the previous page" }))
}).annotations(allErrors)
export type PageParams = typeof PageParams.Type

/** The header that carries the cursor of the next page; absent on the last page. */
export const NextCursorHeader = "x-next-cursor"
export const RunListDefaults = { limit: 50, maxLimit: 1000 } as const
export const BatchListDefaults = { limit: 20, maxLimit: 500 } as const
