import { Options } from "@effect/cli"
import type { RunFilters } from "@ze/domain"
import { NoSpecialist, RunStatuses } from "@ze/domain"
import { Option } from "effect"

const filter = (name: string, pseudoName: string, description: string) =>
  Options.text(name).pipe(Options.withPseudoName(pseudoName), Options.withDescription(description), Options.optional)

/** Filters shared by `runs list` and `stats`: equality on each field, combined with AND. */
export const runFilterOptions = Options.all({
  suite: filter("suite", "SUITE", "Only runs of this suite."),
  scenario: filter("scenario", "SCENARIO", "Only runs of this scenario."),
  tier: filter("tier", "TIER", "Only runs of this tier (L0, L1, ...)."),
  agent: filter("agent", "AGENT", "Only runs of this agent."),
  model: filter("model", "MODEL", "Only runs of this model."),
  specialist: Options.text("specialist").pipe(
    Options.withPseudoName("NAME"),
    Options.withDescription(
      `Only runs of this specialist (${NoSpecialist}: the plain agents' runs, without a specialist).`
    ),
    Options.filterMap(
      (name) => (name.trim() === "" ? Option.none() : Option.some(name)),
      `--specialist names a specialist, or ${NoSpecialist} for the runs without one`
    ),
    Options.optional
  ),
  status: Options.choice("status", RunStatuses).pipe(
    Options.withDescription("Only runs that ended with this status."),
    Options.optional
  ),
  batchId: filter("batch", "BATCH", "Only runs of this batch."),
  from: filter("since", "WHEN", "Only runs started at or after this instant (ISO-8601 or epoch ms)."),
  to: filter("until", "WHEN", "Only runs started before this instant (ISO-8601 or epoch ms).")
})

export type RunFilterFlags = { readonly [K in keyof RunFilters]-?: Option.Option<string> }

/** Only the filters that were given: absent fields stay absent. */
export const toRunFilters = (flags: RunFilterFlags): RunFilters => {
  const filters: Record<string, string> = {}
  for (const [name, value] of Object.entries(flags)) {
    if (Option.isSome(value)) filters[name] = value.value
  }
  return filters as RunFilters
}
