import { InProgressStatuses, NotAttributableStatuses, RunStatus } from "@ze/domain"
import { Schema } from "effect"

const isRunStatus = Schema.is(RunStatus)

/**
 * `('a', 'b')`: one of the domain's typed status sets as an SQL list, so the read models and the domain's
 * predicates cannot drift apart. Only fixed tuples come here; anything that is not a run status is refused.
 */
export const sqlStatusList = (statuses: ReadonlyArray<RunStatus>): string => {
  const unknown = statuses.filter((status) => !isRunStatus(status))
  if (statuses.length === 0 || unknown.length > 0) {
    throw new Error(`Not a list of run statuses: ${JSON.stringify(statuses)}`)
  }
  return `(${statuses.map((status) => `'${status}'`).join(", ")})`
}

/** A row `alias` whose status says something about the agent (`isAttributableStatus`). */
export const attributableClause = (alias: string) => `${alias}.status NOT IN ${sqlStatusList(NotAttributableStatuses)}`

/** A row `alias` whose run has finished (`!isInProgressStatus`). */
export const finishedClause = (alias: string) => `${alias}.status NOT IN ${sqlStatusList(InProgressStatuses)}`
