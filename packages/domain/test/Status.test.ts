import { describe, expect, it } from "@effect/vitest"
import { Schema } from "effect"
import {
  FinalStatuses,
  InProgressStatuses,
  isAttributableStatus,
  isFinalStatus,
  isInProgressStatus,
  isUnfinishedStatus,
  NotAttributableStatuses,
  RunStatus,
  RunStatuses,
  UnfinishedStatuses
} from "../src/Status.js"

const where = (predicate: (status: string) => boolean) => RunStatuses.filter(predicate)

describe("run status sets", () => {
  it("list every status of the schema once", () => {
    expect(new Set(RunStatuses).size).toBe(RunStatuses.length)
    expect(RunStatuses.every(Schema.is(RunStatus))).toBe(true)
    expect(RunStatuses).toHaveLength(10)
  })

  it("each predicate holds exactly for its set", () => {
    expect(where(isFinalStatus)).toEqual(
      RunStatuses.filter((s) => (FinalStatuses as ReadonlyArray<string>).includes(s))
    )
    expect(where(isUnfinishedStatus).sort()).toEqual([...UnfinishedStatuses].sort())
    expect(where((status) => !isAttributableStatus(status)).sort()).toEqual([...NotAttributableStatuses].sort())
    expect(where(isInProgressStatus)).toEqual([...InProgressStatuses])
  })

  it("keep the sets ze has always used", () => {
    expect([...FinalStatuses].sort()).toEqual([
      "agent_error",
      "budget_exceeded",
      "completed",
      "failed",
      "passed",
      "timeout"
    ])
    expect([...UnfinishedStatuses].sort()).toEqual(["agent_error", "infra_error", "timeout"])
    expect([...NotAttributableStatuses].sort()).toEqual([
      "budget_exceeded",
      "cancelled",
      "incomplete",
      "infra_error",
      "running"
    ])
    expect(where(isFinalStatus).filter((status) => !isAttributableStatus(status))).toEqual(["budget_exceeded"])
    expect(isFinalStatus("unknown")).toBe(false)
    expect(isAttributableStatus("unknown")).toBe(true)
  })
})
