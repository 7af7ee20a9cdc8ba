import { Schema } from "effect"

/** Final statuses of a ze run: exactly one per run. */
export const ZeRunStatus = Schema.Literal(
  "passed",
  "failed",
  "agent_error",
  "infra_error",
  "timeout",
  "budget_exceeded",
  "cancelled"
)
export type ZeRunStatus = typeof ZeRunStatus.Type

/** Statuses the upstream ze-benchmarks clients send. */
export const UpstreamRunStatus = Schema.Literal("running", "completed", "failed", "incomplete")

export const RunStatus = Schema.Union(ZeRunStatus, UpstreamRunStatus).annotations({ identifier: "RunStatus" })
export type RunStatus = typeof RunStatus.Type

/** Every status a run can have, once each. */
export const RunStatuses: ReadonlyArray<RunStatus> = [
  ...new Set([...ZeRunStatus.literals, ...UpstreamRunStatus.literals])
]

/** Statuses after which a cell is done: resume skips it. `cancelled` and `infra_error` cells run again. */
export const FinalStatuses = [
  "passed",
  "failed",
  "agent_error",
  "timeout",
  "budget_exceeded",
  "completed"
] as const satisfies ReadonlyArray<RunStatus>

/** Runs that ended without the agent's work being judged: `--allow-errors` bounds their share. */
export const UnfinishedStatuses = ["infra_error", "agent_error", "timeout"] as const satisfies ReadonlyArray<RunStatus>

/**
 * Statuses that say nothing about the agent (the infrastructure failed, the run was cancelled or never
 * finished, or the budget stopped it): they are counted, but never scored as a failure of the agent.
 */
export const NotAttributableStatuses = [
  "infra_error",
  "cancelled",
  "budget_exceeded",
  "running",
  "incomplete"
] as const satisfies ReadonlyArray<RunStatus>

/** A run still being worked on: not yet counted as finished. */
export const InProgressStatuses = ["running"] as const satisfies ReadonlyArray<RunStatus>

const isOneOf = (statuses: ReadonlyArray<RunStatus>) => {
  const set: ReadonlySet<string> = new Set(statuses)
  return (status: string): boolean => set.has(status)
}

export const isFinalStatus = isOneOf(FinalStatuses)
export const isUnfinishedStatus = isOneOf(UnfinishedStatuses)
const isNotAttributable = isOneOf(NotAttributableStatuses)
export const isAttributableStatus = (status: string) => !isNotAttributable(status)
export const isInProgressStatus = isOneOf(InProgressStatuses)
