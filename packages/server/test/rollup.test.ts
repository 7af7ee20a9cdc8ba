import { describe, expect, it } from "@effect/vitest"
import { rollUpGroups } from "../src/GroupRollup.js"
import type { CellMetricsRow } from "../src/Rows.js"

const cell = (agent: string, passes: number, runs: number, score: number): CellMetricsRow => ({
  agent,
  model: null,
  suite: "demo",
  scenario: "a",
  tier: "L0",
  runs,
  successfulRuns: passes,
  attributableRuns: runs,
  attributablePasses: passes,
  scoredRuns: runs,
  sumScore: score * runs,
  sumSquaredScore: score * score * runs,
  minScore: score,
  maxScore: score,
  totalScoredRuns: 0,
  sumTotalScore: null,
  timedRuns: 0,
  sumDurationMs: null,
  totalCostUsd: null,
  unpricedRuns: 0
})

describe("rolling cells up into groups", () => {
  it("one run of each agent is not two repeats of one cell: no pass@2 from mixed agents", () => {
    const [scenario] = rollUpGroups(["suite", "scenario"], [cell("echo", 0, 1, 2), cell("oracle", 1, 1, 10)])
    expect(scenario).toMatchObject({ runs: 2, successfulRuns: 1, cells: 2, passAtK: [], avgScore: 6 })
    // Two very different scores: the t-interval on 1 degree of freedom is clipped to the 0..10 scale.
    expect(scenario!.scoreInterval).toEqual({ lower: 0, upper: 10 })
  })

  it("pass@k is averaged over cells that all have k repeats", () => {
    const [agent] = rollUpGroups(["agent"], [cell("oracle", 3, 3, 10), { ...cell("oracle", 0, 3, 2), scenario: "b" }])
    // Cell a: 3/3 → pass@k = 1; cell b: 0/3 → 0; averaged: 0.5 for k = 1, 2, 3.
    expect(agent!.passAtK).toEqual([{ k: 1, value: 0.5 }, { k: 2, value: 0.5 }, { k: 3, value: 0.5 }])
  })

  it("a cell is flaky when its attributable repeats disagree; the flip rate counts only cells with repeats", () => {
    const cells = [
      { ...cell("echo", 1, 3, 5), scenario: "mixed" },
      { ...cell("echo", 2, 2, 9), scenario: "steady" },
      { ...cell("echo", 0, 1, 1), scenario: "single" },
      { ...cell("echo", 1, 3, 5), scenario: "infra", attributableRuns: 1, attributablePasses: 1 }
    ]
    const [agent] = rollUpGroups(["agent"], cells)
    expect(agent).toMatchObject({ flakyCells: 1, flipRate: 0.5 })
    const [lone] = rollUpGroups(["agent"], [cells[2]!])
    expect(lone).toMatchObject({ flakyCells: 0, flipRate: null })
  })
})
