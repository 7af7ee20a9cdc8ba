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
