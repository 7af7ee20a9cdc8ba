import type { Run } from "@ze/domain"

/** How a run counts in a CI report: the agent's failures are failures, runs that did not finish are errors. */
export type Outcome = "passed" | "failed" | "error" | "skipped"

export const outcomeOf = (run: Run): Outcome => {
  switch (run.status) {
    case "passed":
      return "passed"
    case "completed":
      return run.isSuccessful ? "passed" : "failed"
    case "failed":
      return "failed"
    case "agent_error":
    case "infra_error":
    case "timeout":
      return "error"
    case "budget_exceeded":
    case "cancelled":
    case "incomplete":
    case "running":
      return "skipped"
  }
}

export const runLabel = (run: Run) =>
  `${run.tier} ${run.agent}${run.model === null || run.model === "" ? "" : ` (${run.model})`}${
    run.repeat === null ? "" : ` #${run.repeat + 1}`
  }`
