import type { BatchDetail, CellSummary, GroupStats } from "@ze/domain"
import {
  agentWithModel,
  formatDuration,
  formatKValues,
  formatRatio,
  formatRatioInterval,
  formatScore,
  formatSpend,
  statusMark
} from "../Display.js"

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ")

/** Headers ending in ":" are right-aligned (numbers). */
const table = (headers: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>) => [
  `| ${headers.map((h) => h.replace(/:$/, "")).join(" | ")} |`,
  `| ${headers.map((h) => (h.endsWith(":") ? "---:" : "---")).join(" | ")} |`,
  ...rows.map((row) => `| ${row.map(cell).join(" | ")} |`)
]

const groupRows = (groups: ReadonlyArray<GroupStats>, name: (group: GroupStats) => string) =>
  groups.map((
    g
  ) => [name(g), String(g.runs), `${g.successfulRuns} (${formatRatio(g.successRate)})`, formatScore(g.avgScore)])

const interval = (bounds: { readonly lower: number; readonly upper: number } | null, format: (n: number) => string) =>
  bounds === null ? "" : ` [${format(bounds.lower)}, ${format(bounds.upper)}]`

/** Cells with repeats: mean score with its 95% CI, pass rate with its Wilson interval, pass@k, pass^k, flips. */
const repeatRows = (cells: ReadonlyArray<CellSummary>) =>
  cells.map(({ agent, model, scenario, specialist, suite, summary, tier }) => [
    `${suite}/${scenario}`,
    tier,
    agentWithModel(agent, model, specialist),
    String(summary.runs),
    `${formatScore(summary.meanScore)}${interval(summary.scoreInterval, formatScore)}`,
    `${formatRatio(summary.passRate)} ${formatRatioInterval(summary.passRateInterval)}`.trim(),
    [formatKValues(summary.passAtK, "pass@"), formatKValues(summary.passHatK, "pass^")].filter((text) => text !== "")
      .join(" "),
    formatRatio(summary.flipRate)
  ])

/** A summary fit for a pull-request comment. */
export const batchToMarkdown = (batch: BatchDetail) => {
  const failed = batch.runs.filter((run) => run.failureReason !== null && run.failureReason !== "")
  return [
    `## ze batch \`${batch.batchId}\``,
    "",
    ...table(
      ["Runs:", "Passed:", "Avg:", "Duration:", "Cost:"],
      [[
        String(batch.totalRuns),
        `${batch.successfulRuns} (${formatRatio(batch.successRate)})`,
        `${formatScore(batch.avgWeightedScore)} / 10`,
        formatDuration(batch.durationMs),
        formatSpend(batch.totalCostUsd, batch.unpricedRuns)
      ]]
    ),
    "",
    "### By agent",
    "",
    ...table(
      ["Agent", "Runs:", "Passed:", "Avg:"],
      groupRows(batch.aggregates.byAgentModel, (g) => agentWithModel(g.agent ?? "–", g.model, g.specialist))
    ),
    "",
    "### By scenario",
    "",
    ...table(
      ["Scenario", "Runs:", "Passed:", "Avg:"],
      groupRows(batch.aggregates.bySuiteScenario, (g) => `${g.suite ?? "–"}/${g.scenario ?? "–"}`)
    ),
    "",
    ...(batch.aggregates.cells.some((c) => c.summary.runs > 1)
      ? [
        "### Cells over their repeats",
        "",
        ...table([
          "Scenario",
          "Tier",
          "Agent",
          "Runs:",
          "Score (95% CI):",
          "Pass rate (Wilson):",
          "pass@k, pass^k",
          "Flips:"
        ], repeatRows(batch.aggregates.cells)),
        ""
      ]
      : []),
    "### Runs",
    "",
    ...table(
      ["", "Scenario", "Tier", "Agent", "Status", "Score:", "Duration:"],
      batch.runs.map((run) => [
        statusMark(run.status),
        `${run.suite}/${run.scenario}`,
        run.tier,
        agentWithModel(run.agent, run.model, run.specialistName),
        run.status,
        formatScore(run.weightedScore),
        formatDuration(run.durationMs)
      ])
    ),
    ...(failed.length === 0
      ? []
      : [
        "",
        "### Failures",
        "",
        ...failed.map((run) => `- \`${run.runId}\` ${run.status}: ${cell(run.failureReason ?? "")}`)
      ]),
    ""
  ].join("\n")
}
