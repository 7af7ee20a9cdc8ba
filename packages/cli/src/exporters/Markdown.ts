import type { BatchDetail, GroupStats } from "@ze/domain"
import { agentWithModel, formatDuration, formatRatio, formatScore, formatSpend, statusMark } from "../Display.js"

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ")

/** Headers ending in ":" are right-aligned (numbers). */
const table = (headers: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>) => [
  `| ${headers.map((h) => h.replace(/:$/, "")).join(" | ")} |`,
  `| ${headers.map((h) => (h.endsWith(":") ? "---:" : "---")).join(" | ")} |`,
  ...rows.map((row) => `| ${row.map(cell).join(" | ")} |`)
]

const groupRows = (groups: ReadonlyArray<GroupStats>, name: (group: GroupStats) => string) =>
  groups.map((g) => [name(g), String(g.runs), `${g.successfulRuns} (${formatRatio(g.successRate)})`, formatScore(g.avgScore)])

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
    ...table(["Agent", "Runs:", "Passed:", "Avg:"], groupRows(batch.aggregates.byAgentModel, (g) => agentWithModel(g.agent ?? "–", g.model))),
    "",
    "### By scenario",
    "",
    ...table(["Scenario", "Runs:", "Passed:", "Avg:"], groupRows(batch.aggregates.bySuiteScenario, (g) => `${g.suite ?? "–"}/${g.scenario ?? "–"}`)),
    "",
    "### Runs",
    "",
    ...table(
      ["", "Scenario", "Tier", "Agent", "Status", "Score:", "Duration:"],
      batch.runs.map((run) => [
        statusMark(run.status),
        `${run.suite}/${run.scenario}`,
        run.tier,
        agentWithModel(run.agent, run.model),
        run.status,
        formatScore(run.weightedScore),
        formatDuration(run.durationMs)
      ])
    ),
    ...(failed.length === 0 ? [] : ["", "### Failures", "", ...failed.map((run) => `- \`${run.runId}\` ${run.status}: ${cell(run.failureReason ?? "")}`)]),
    ""
  ].join("\n")
}
