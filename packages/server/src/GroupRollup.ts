import { GroupStats, isFlakyCell, meanWithIntervalFromMoments, passAtK, wilsonInterval } from "@ze/domain"
import type { CellMetricsRow } from "./Rows.js"

type Dimension = "agent" | "model" | "suite" | "scenario" | "tier" | "specialist"

const sumOf = (values: ReadonlyArray<number | null>) => {
  const present = values.filter((value): value is number => value !== null)
  return present.length === 0 ? null : present.reduce((a, b) => a + b, 0)
}
const extreme = (values: ReadonlyArray<number | null>, pick: (a: number, b: number) => number) =>
  values.reduce<number | null>(
    (best, value) => (value === null ? best : best === null ? value : pick(best, value)),
    null
  )

/** pass@k averaged over cells, for each k that every cell has enough attributable repeats for. */
const groupPassAtK = (cells: ReadonlyArray<CellMetricsRow>) => {
  const fewest = Math.min(...cells.map((cell) => cell.attributableRuns))
  return [1, 2, 3, 5, 10].filter((k) => k <= fewest && fewest >= 2).map((k) => ({
    k,
    value: cells.reduce((total, cell) => total + (passAtK(cell.attributableRuns, cell.attributablePasses, k) ?? 0), 0) /
      cells.length
  }))
}

/** Cells with repeats whose attributable outcomes disagree, and their share of the cells with repeats. */
const flakiness = (cells: ReadonlyArray<CellMetricsRow>) => {
  const repeated = cells.filter((cell) => cell.attributableRuns >= 2)
  const flakyCells = repeated.filter((cell) => isFlakyCell(cell.attributableRuns, cell.attributablePasses)).length
  return { flakyCells, flipRate: repeated.length === 0 ? null : flakyCells / repeated.length }
}

const rollUp = (grouping: ReadonlyArray<Dimension>, cells: ReadonlyArray<CellMetricsRow>): GroupStats => {
  const first = cells[0]!
  const total = (pick: (cell: CellMetricsRow) => number) => cells.reduce((sum, cell) => sum + pick(cell), 0)
  const runs = total((c) => c.runs)
  const successfulRuns = total((c) => c.successfulRuns)
  const scoredRuns = total((c) => c.scoredRuns)
  const sumScore = sumOf(cells.map((c) => c.sumScore))
  const avgScore = sumScore === null || scoredRuns === 0 ? null : sumScore / scoredRuns
  const score = meanWithIntervalFromMoments(scoredRuns, avgScore, sumOf(cells.map((c) => c.sumSquaredScore)))
  const totalScored = total((c) => c.totalScoredRuns)
  const sumTotal = sumOf(cells.map((c) => c.sumTotalScore))
  const timed = total((c) => c.timedRuns)
  const sumDuration = sumOf(cells.map((c) => c.sumDurationMs))
  const keys = Object.fromEntries(grouping.map((dimension) => [dimension, first[dimension]]))
  return new GroupStats({
    ...keys,
    runs,
    successfulRuns,
    successRate: runs === 0 ? 0 : successfulRuns / runs,
    avgScore,
    minScore: extreme(cells.map((c) => c.minScore), Math.min),
    maxScore: extreme(cells.map((c) => c.maxScore), Math.max),
    avgTotalScore: sumTotal === null || totalScored === 0 ? null : sumTotal / totalScored,
    avgDurationMs: sumDuration === null || timed === 0 ? null : sumDuration / timed,
    totalCostUsd: sumOf(cells.map((c) => c.totalCostUsd)),
    unpricedRuns: total((c) => c.unpricedRuns),
    scoreStdDev: score.standardDeviation,
    // Weighted scores live on 0..10: a t-interval over few runs can overshoot, so it is clipped to the scale.
    scoreInterval: score.interval === null
      ? null
      : { lower: Math.max(0, score.interval.lower), upper: Math.min(10, score.interval.upper) },
    successRateInterval: wilsonInterval(successfulRuns, runs),
    cells: cells.length,
    passAtK: groupPassAtK(cells),
    ...flakiness(cells)
  })
}

const keyOf = (grouping: ReadonlyArray<Dimension>, cell: CellMetricsRow) =>
  JSON.stringify(grouping.map((d) => cell[d] ?? null))

/** Best average score first (unscored last), then the most runs, then by name: a leaderboard order. */
const byLeaderboard = (grouping: ReadonlyArray<Dimension>) => (a: GroupStats, b: GroupStats) =>
  (a.avgScore === null ? 1 : 0) - (b.avgScore === null ? 1 : 0) ||
  (b.avgScore ?? 0) - (a.avgScore ?? 0) ||
  b.runs - a.runs ||
  grouping.map((d) => String(a[d] ?? "").localeCompare(String(b[d] ?? ""))).find((order) => order !== 0) ||
  0

/** Groups per-cell metric rows by the grouping's dimensions and rolls each group up. */
export const rollUpGroups = (grouping: ReadonlyArray<Dimension>, rows: ReadonlyArray<CellMetricsRow>) => {
  const groups = new Map<string, Array<CellMetricsRow>>()
  for (const row of rows) {
    const key = keyOf(grouping, row)
    groups.set(key, [...(groups.get(key) ?? []), row])
  }
  return [...groups.values()].map((cells) => rollUp(grouping, cells)).sort(byLeaderboard(grouping))
}
