import type { EvaluatorStats, GlobalStats, GroupStats } from "@ze/domain"
import { agentLabel } from "@ze/domain"
import { dim, yellow } from "../Ansi.js"
import {
  formatCount,
  formatDuration,
  formatKValues,
  formatRatio,
  formatScore,
  formatSpend,
  scoreStyle
} from "../Display.js"
import type { Column } from "../Table.js"
import { renderFields, renderTable } from "../Table.js"

export type GroupDimension = "agent" | "model" | "suite" | "scenario" | "tier" | "specialist"

const dimensionColumn = (dimension: GroupDimension): Column<GroupStats> => ({
  header: dimension.toUpperCase(),
  value: (group) =>
    dimension === "agent" && group.agent !== undefined
      ? agentLabel({ agent: group.agent, specialistName: group.specialist })
      : group[dimension] ?? (dimension === "specialist" ? "none" : "–"),
  shrinkable: true
})

const metricColumns: ReadonlyArray<Column<GroupStats>> = [
  { header: "RUNS", value: (g) => String(g.runs), align: "right" },
  { header: "PASSED", value: (g) => `${g.successfulRuns} (${formatRatio(g.successRate)})`, align: "right" },
  { header: "AVG", value: (g) => formatScore(g.avgScore), align: "right", style: (g) => scoreStyle(g.avgScore) },
  {
    header: "95% CI",
    value: (g) => (g.scoreInterval === null
      ? "–"
      : `${formatScore(g.scoreInterval.lower)}–${formatScore(g.scoreInterval.upper)}`),
    align: "right"
  },
  { header: "MIN", value: (g) => formatScore(g.minScore), align: "right" },
  { header: "MAX", value: (g) => formatScore(g.maxScore), align: "right" },
  { header: "AVG TIME", value: (g) => formatDuration(g.avgDurationMs), align: "right" },
  { header: "COST", value: (g) => formatSpend(g.totalCostUsd, g.unpricedRuns), align: "right" }
]

/** pass@k over the group's cells, shown when the runs have repeats. */
const passAtKColumn: Column<GroupStats> = {
  header: "PASS@K*",
  value: (g) => (g.passAtK.length === 0 ? "–" : formatKValues(g.passAtK, "pass@", { fromK: 1 })),
  align: "right"
}

/** Flaky cells of the group (repeats that disagree under the same agent), marked so they stand out. */
const flakyColumn: Column<GroupStats> = {
  header: "FLAKY",
  value: (g) => (g.flakyCells === 0 ? "–" : yellow(`⚠ ${g.flakyCells} of ${g.cells}`)),
  align: "right"
}

/** One row per group; `dimensions` are the columns that name the group. */
export const renderGroups = (
  dimensions: ReadonlyArray<GroupDimension>,
  groups: ReadonlyArray<GroupStats>,
  width: number | undefined
) => {
  if (groups.length === 0) return [dim("No runs.")]
  const repeats = groups.some((g) => g.passAtK.length > 0)
  const table = renderTable(
    [...dimensions.map(dimensionColumn), ...metricColumns, ...(repeats ? [passAtKColumn, flakyColumn] : [])],
    groups,
    width
  )
  return repeats
    ? [
      ...table,
      dim("* over the runs the agent answers for: infra_error, cancelled and budget_exceeded runs are left out"),
      ...(groups.some((g) => g.flakyCells > 0)
        ? [dim("⚠ flaky: cells whose repeats disagree (some pass, some fail) under the same agent")]
        : [])
    ]
    : table
}

export const renderEvaluators = (evaluators: ReadonlyArray<EvaluatorStats>, width: number | undefined) =>
  evaluators.length === 0 ? [dim("No evaluations.")] : renderTable<EvaluatorStats>(
    [
      { header: "EVALUATOR", value: (e) => e.evaluatorName, shrinkable: true },
      { header: "EVALUATIONS", value: (e) => String(e.evaluations), align: "right" },
      { header: "SCORED", value: (e) => String(e.scored), align: "right" },
      { header: "SKIPPED", value: (e) => String(e.skipped), align: "right" },
      { header: "ERRORS", value: (e) => String(e.errors), align: "right" },
      { header: "AVG", value: (e) => formatRatio(e.avgScore), align: "right" },
      { header: "MIN", value: (e) => formatRatio(e.minScore), align: "right" },
      { header: "MAX", value: (e) => formatRatio(e.maxScore), align: "right" }
    ],
    evaluators,
    width
  )

export const renderGlobalStats = (stats: GlobalStats) =>
  renderFields([
    ["Runs", formatCount(stats.totalRuns)],
    ["Passed", `${formatCount(stats.successfulRuns)} (${formatRatio(stats.successRate)})`],
    ["Not passed", formatCount(stats.failedRuns)],
    ["Average score", `${scoreStyle(stats.avgWeightedScore)(formatScore(stats.avgWeightedScore))} / 10`],
    ["Average duration", formatDuration(stats.avgDurationMs)],
    ["Total cost", formatSpend(stats.totalCostUsd, stats.unpricedRuns)]
  ])
