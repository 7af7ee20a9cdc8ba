import type { Batch, BatchDetail, CellSummary, GroupStats } from "@ze/domain"
import { dim, green, red, yellow } from "../Ansi.js"
import {
  agentWithModel,
  formatDuration,
  formatKValues,
  formatRatio,
  formatRatioInterval,
  formatScore,
  formatSpend,
  formatTime,
  scoreStyle
} from "../Display.js"
import type { Column } from "../Table.js"
import { heading, renderFields, renderTable } from "../Table.js"
import { renderBatchBaselines } from "./BaselineViews.js"
import { summaryScore } from "./CompareViews.js"
import { renderFailureReasons, renderRunList } from "./RunViews.js"
import { renderEvaluators, renderGroups } from "./StatsViews.js"
import { batchCostText, renderBatchWarmups } from "./WarmupViews.js"

/** ✓ only when every run passed; ● a completed batch with failures (red when none passed); ○ not completed. */
const batchMarkOf = (batch: Batch): readonly [string, (text: string) => string] =>
  batch.status !== "completed"
    ? ["○", yellow]
    : batch.totalRuns > 0 && batch.successfulRuns === batch.totalRuns
    ? ["✓", green]
    : ["●", batch.successfulRuns === 0 ? red : yellow]

const batchMark = (batch: Batch) => {
  const [mark, style] = batchMarkOf(batch)
  return style(mark)
}

const batchColumns: ReadonlyArray<Column<Batch>> = [
  { header: "", value: (b) => batchMarkOf(b)[0], style: (b) => batchMarkOf(b)[1] },
  { header: "BATCH", value: (b) => b.batchId },
  { header: "RUNS", value: (b) => String(b.totalRuns), align: "right" },
  { header: "PASSED", value: (b) => `${b.successfulRuns} (${formatRatio(b.successRate)})`, align: "right" },
  {
    header: "AVG",
    value: (b) => formatScore(b.avgWeightedScore),
    align: "right",
    style: (b) => scoreStyle(b.avgWeightedScore)
  },
  { header: "DURATION", value: (b) => formatDuration(b.durationMs), align: "right" },
  { header: "COST", value: (b) => formatSpend(b.totalCostUsd, b.unpricedRuns), align: "right" },
  { header: "CREATED", value: (b) => formatTime(b.createdAt) }
]

export const renderBatchList = (batches: ReadonlyArray<Batch>, width: number | undefined) =>
  batches.length === 0 ? [dim("No batches.")] : renderTable(batchColumns, batches, width)

/** With several agents a batch-wide average mixes them (echo's 3 and oracle's 10 make a 6.7 nobody scored): one per agent. */
const perAgent = (groups: ReadonlyArray<GroupStats>, value: (group: GroupStats) => string) =>
  groups.map((g) => `${agentWithModel(g.agent ?? "–", g.model ?? null)} ${value(g)}`).join(" · ")

export const renderBatchSummary = (batch: Batch, byAgent: ReadonlyArray<GroupStats> = []) => {
  const several = byAgent.length > 1
  return renderFields([
    ["Batch", `${batchMark(batch)} ${batch.batchId}`],
    ["Status", batch.status],
    ["Runs", `${batch.totalRuns} (${batch.successfulRuns} passed, ${batch.failedRuns} not passed)`],
    several
      ? ["Success rate", perAgent(byAgent, (g) => formatRatio(g.successRate))]
      : ["Success rate", formatRatio(batch.successRate)],
    several
      ? ["Average score", `${perAgent(byAgent, (g) => scoreStyle(g.avgScore)(formatScore(g.avgScore)))} (out of 10)`]
      : ["Average score", `${scoreStyle(batch.avgWeightedScore)(formatScore(batch.avgWeightedScore))} / 10`],
    ["Started", formatTime(batch.createdAt)],
    ["Completed", formatTime(batch.completedAt)],
    ["Duration", formatDuration(batch.durationMs)],
    ["Cost", batchCostText(batch)]
  ])
}

/** pass@k (at least one of k tries passes) and pass^k (all k pass) for k > 1; pass@1 is the pass rate. */
/** Each cell over its repeats: mean ± 95% CI, pass rate with its Wilson interval, pass@k and flips. */
export const renderCells = (cells: ReadonlyArray<CellSummary>, width: number | undefined) =>
  renderTable<CellSummary>(
    [
      { header: "SCENARIO", value: (c) => `${c.suite}/${c.scenario}`, shrinkable: true },
      { header: "TIER", value: (c) => c.tier },
      { header: "AGENT", value: (c) => agentWithModel(c.agent, c.model, c.specialist), shrinkable: true },
      { header: "RUNS", value: (c) => String(c.summary.runs), align: "right" },
      {
        header: "SCORE (95% CI)",
        value: (c) => summaryScore(c.summary),
        align: "right",
        style: (c) => scoreStyle(c.summary.meanScore)
      },
      { header: "PASSED", value: (c) => `${c.summary.passes}/${c.summary.attributableRuns}`, align: "right" },
      {
        header: "PASS RATE (WILSON)",
        value: (c) => `${formatRatio(c.summary.passRate)} ${formatRatioInterval(c.summary.passRateInterval)}`
      },
      { header: "PASS@K", value: (c) => formatKValues(c.summary.passAtK, "pass@") },
      { header: "PASS^K", value: (c) => formatKValues(c.summary.passHatK, "pass^") },
      {
        header: "FLIPS",
        value: (c) => `${formatRatio(c.summary.flipRate)}${c.summary.flaky ? " ⚠ flaky" : ""}`,
        align: "right",
        style: (c) => (c.summary.flaky ? yellow : (text: string) => text)
      }
    ],
    cells,
    width
  )

export const hasRepeats = (cells: ReadonlyArray<CellSummary>) => cells.some((cell) => cell.summary.runs > 1)

const agentsOf = (
  cells: ReadonlyArray<CellSummary>
) => [...new Set(cells.map((c) => agentWithModel(c.agent, c.model, c.specialist)))]

/** Scenario rows, one score column per agent: how each agent did on each scenario, side by side. */
const scenarioRows = (cells: ReadonlyArray<CellSummary>) =>
  [...new Set(cells.map((c) => `${c.suite}/${c.scenario}\u0000${c.tier}`))].map((key) => {
    const [scenario, tier] = key.split("\u0000") as [string, string]
    return { scenario, tier, cells: cells.filter((c) => `${c.suite}/${c.scenario}` === scenario && c.tier === tier) }
  })

export const renderScenariosByAgent = (cells: ReadonlyArray<CellSummary>, width: number | undefined) => {
  const agents = agentsOf(cells)
  const rows = scenarioRows(cells)
  const cellOf = (row: (typeof rows)[number], agent: string) =>
    row.cells.find((c) => agentWithModel(c.agent, c.model, c.specialist) === agent)
  return renderTable<(typeof rows)[number]>(
    [
      { header: "SCENARIO", value: (r) => r.scenario, shrinkable: true },
      { header: "TIER", value: (r) => r.tier },
      ...agents.map((agent): Column<(typeof rows)[number]> => ({
        header: agent.toUpperCase(),
        value: (r) => formatScore(cellOf(r, agent)?.summary.meanScore ?? null),
        align: "right",
        style: (r) => scoreStyle(cellOf(r, agent)?.summary.meanScore ?? null)
      }))
    ],
    rows,
    width
  )
}

/** A grouping with one row repeats the batch summary above it, so it is left out. */
const groupTable = (title: string, table: ReadonlyArray<string>, rows: number) =>
  rows > 1 ? [...heading(title), ...table] : []

/** `runDetailFollows`: the report of a one-run batch prints that run next, so its evaluators and the run list are left out. */
export const renderBatchDetail = (
  detail: BatchDetail,
  width: number | undefined,
  options: { readonly runDetailFollows?: boolean } = {}
): ReadonlyArray<string> => {
  const { aggregates } = detail
  const failures = aggregates.failuresByStatus.length === 0 ? [] : [
    ...heading("Runs that did not pass, by status"),
    ...renderTable(
      [
        { header: "STATUS", value: (s) => s.status },
        { header: "RUNS", value: (s) => String(s.runs), align: "right" }
      ],
      aggregates.failuresByStatus,
      width
    )
  ]
  const severalAgents = aggregates.byAgentModel.length > 1
  const scenarios = severalAgents
    ? groupTable(
      "Average score by scenario and agent (out of 10)",
      renderScenariosByAgent(aggregates.cells, width),
      scenarioRows(aggregates.cells).length
    )
    : groupTable(
      "By scenario",
      renderGroups(["suite", "scenario"], aggregates.bySuiteScenario, width),
      aggregates.bySuiteScenario.length
    )
  return [
    ...renderBatchSummary(detail, aggregates.byAgentModel),
    ...(hasRepeats(aggregates.cells)
      ? [...heading("Cells over their repeats"), ...renderCells(aggregates.cells, width)]
      : []),
    ...scenarios,
    ...groupTable(
      "By agent",
      renderGroups(["agent", "model"], aggregates.byAgentModel, width),
      aggregates.byAgentModel.length
    ),
    ...(severalAgents
      ? []
      : groupTable("By tier", renderGroups(["tier"], aggregates.byTier, width), aggregates.byTier.length)),
    ...renderBatchWarmups(detail.metadata, width),
    ...(options.runDetailFollows === true ? [] : [
      ...heading("Evaluators"),
      ...renderEvaluators(aggregates.byEvaluator, width),
      ...failures,
      ...renderBatchBaselines(detail.metadata, width),
      ...heading(`Runs (${detail.runs.length})`),
      ...renderRunList(detail.runs, width),
      ...renderFailureReasons(detail.runs)
    ])
  ]
}
