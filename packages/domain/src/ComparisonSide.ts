import { Schema } from "effect"
import { InvalidRequest } from "./Errors.js"

/** The specialist filter that means "runs without a specialist": the plain agents. */
export const NoSpecialist = "none"

/** What narrows a batch to one side of a comparison: all its runs, or only those of a specialist, agent or model. */
export const SideFilters = Schema.Struct({
  /** A specialist's name, or `none` for the runs without a specialist. */
  specialist: Schema.optionalWith(Schema.String, { exact: true }),
  /** The base agent (a specialist run keeps its base agent's name). */
  agent: Schema.optionalWith(Schema.String, { exact: true }),
  model: Schema.optionalWith(Schema.String, { exact: true })
})
export type SideFilters = typeof SideFilters.Type

/** One side of a comparison as the answer names it: a batch, narrowed to some of its runs. */
export const ComparisonSide = Schema.Struct({
  batchId: Schema.String,
  ...SideFilters.fields,
  /** In words: "batch X, specialist fizzbuzz-specialist", "batch X, no specialist", "batch X". */
  label: Schema.String
})
export type ComparisonSide = typeof ComparisonSide.Type

/** What a side's filters read of a run. */
export interface SideRun {
  readonly agent: string
  readonly model: string | null
  readonly specialistName?: string | null
}

const specialistOf = (run: SideRun) => run.specialistName ?? null

/** Whether a run belongs to the side these filters describe (no filter: every run). */
export const isOnSide = (filters: SideFilters) => (run: SideRun): boolean =>
  (filters.specialist === undefined ||
    (filters.specialist === NoSpecialist ? specialistOf(run) === null : specialistOf(run) === filters.specialist)) &&
  (filters.agent === undefined || run.agent === filters.agent) &&
  (filters.model === undefined || run.model === filters.model)

/** The filters that were given, in a stable order (an empty string counts as not given). */
export const sideFiltersOf = (filters: Partial<Record<keyof SideFilters, string | undefined>>): SideFilters => ({
  ...(filters.specialist ? { specialist: filters.specialist } : {}),
  ...(filters.agent ? { agent: filters.agent } : {}),
  ...(filters.model ? { model: filters.model } : {})
})

/** A side's filters in words ("agent anthropic, no specialist"); empty for a whole batch. */
export const sideNarrowing = (filters: SideFilters): string =>
  [
    ...(filters.agent === undefined ? [] : [`agent ${filters.agent}`]),
    ...(filters.specialist === undefined
      ? []
      : [filters.specialist === NoSpecialist ? "no specialist" : `specialist ${filters.specialist}`]),
    ...(filters.model === undefined ? [] : [`model ${filters.model}`])
  ].join(", ")

const filterParameter = { specialist: "Specialist", agent: "Agent", model: "Model" } as const
const filterNames = ["specialist", "agent", "model"] as const

/** The values a batch's runs take for a filter, as the filter is spelt (`none` for the plain agents). */
const heldValues = (runs: ReadonlyArray<SideRun>, name: keyof SideFilters) =>
  [
    ...new Set(runs.flatMap((run) =>
      name === "specialist" ? [specialistOf(run) ?? NoSpecialist] : name === "agent" ? [run.agent] : run.model === null
        ? []
        : [run.model]
    ))
  ].sort()

/**
 * A side narrowed to runs its batch does not hold (a misspelt specialist, say) is a 400 naming the parameter and
 * what the batch does hold, rather than an empty side that reads as "insufficient evidence" and passes a gate.
 */
export const sideWithoutRuns = (
  side: "base" | "head",
  batchId: string,
  filters: SideFilters,
  runs: ReadonlyArray<SideRun>
): InvalidRequest | undefined => {
  const given = filterNames.filter((name) => filters[name] !== undefined)
  if (given.length === 0 || runs.some(isOnSide(filters))) return undefined
  const alone = given.find((name) => !runs.some(isOnSide({ [name]: filters[name] })))
  const path = alone === undefined ? side : `${side}${filterParameter[alone]}`
  const problem = runs.length === 0
    ? `batch ${batchId} has no runs`
    : alone === undefined
    ? `no run of batch ${batchId} has ${sideNarrowing(filters)} together`
    : `batch ${batchId} has no ${alone} ${filters[alone]} (it holds ${alone} ${
      heldValues(runs, alone).join(", ") || "none"
    })`
  return new InvalidRequest({
    message: `The ${side} side matches no run: ${problem}`,
    issues: [{ path, message: `matches no run: ${problem}` }]
  })
}

/** A side in words, as the CLI's headers and the dashboard's compare page name it. */
export const sideLabel = (batchId: string, filters: SideFilters): string =>
  [`batch ${batchId}`, sideNarrowing(filters)].filter((part) => part !== "").join(", ")

export const comparisonSide = (batchId: string, filters: SideFilters): ComparisonSide => ({
  batchId,
  ...filters,
  label: sideLabel(batchId, filters)
})

/** Two sides are the same set of runs when they name the same batch with the same filters. */
export const sameSide = (
  a: { readonly batchId: string; readonly filters: SideFilters },
  b: { readonly batchId: string; readonly filters: SideFilters }
) =>
  a.batchId === b.batchId && a.filters.specialist === b.filters.specialist && a.filters.agent === b.filters.agent &&
  a.filters.model === b.filters.model

/** Both sides name a value, and not the same one: only then do the sides compare it. */
const bothNameDifferent = (base: string | undefined, head: string | undefined) =>
  base !== undefined && head !== undefined && base !== head

/**
 * What the sides compare, so it is left out of the cell that pairs runs: sides narrowed to different agents pair
 * each cell's agent with the other (and their models with it); sides narrowed to different models pair the models.
 * A side narrowed where the other is not compares nothing there: its cells pair with the other side's cells of the
 * same agent (or model), so the other side's agents are never averaged into one cell.
 */
export const comparedDimensions = (base: SideFilters, head: SideFilters) => {
  const agents = bothNameDifferent(base.agent, head.agent)
  return { agent: agents, model: agents || bothNameDifferent(base.model, head.model) }
}

/** An agent as people read it: `anthropic`, or `anthropic+fizzbuzz-specialist` (with `@1.0.0` when asked). */
export const agentLabel = (
  run: {
    readonly agent: string
    readonly specialistName?: string | null | undefined
    readonly specialistVersion?: string | null | undefined
  },
  options: { readonly version?: boolean } = {}
): string => {
  const specialist = run.specialistName ?? null
  if (specialist === null) return run.agent
  const version = options.version === true && run.specialistVersion ? `@${run.specialistVersion}` : ""
  return `${run.agent}+${specialist}${version}`
}
