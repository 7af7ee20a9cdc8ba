import type { Run, RunDetail } from "@ze/domain"
import { agentLabel } from "@ze/domain"
import { existsSync } from "node:fs"
import { dim, red } from "../Ansi.js"
import {
  agentWithModel,
  formatCost,
  formatCount,
  formatDuration,
  formatScore,
  formatTime,
  orMissing,
  scoreStyle,
  statusMark,
  statusStyle
} from "../Display.js"
import type { Column } from "../Table.js"
import { heading, renderFields, renderTable } from "../Table.js"
import { renderRunMetadata } from "./RunMetadata.js"

/** Workspaces are removed after a run unless kept: say so rather than print a path that leads nowhere. */
const workspaceState = (
  dir: string
) => (existsSync(dir) ? dir : `${dir} ${dim("(removed; keep it with --keep-workspaces)")}`)

export const runColumns: ReadonlyArray<Column<Run>> = [
  { header: "", value: (run) => statusMark(run.status), style: (run) => statusStyle(run.status) },
  { header: "RUN", value: (run) => run.runId },
  { header: "SCENARIO", value: (run) => `${run.suite}/${run.scenario}`, shrinkable: true },
  { header: "TIER", value: (run) => run.tier },
  { header: "AGENT", value: (run) => agentWithModel(run.agent, run.model, run.specialistName), shrinkable: true },
  { header: "STATUS", value: (run) => run.status, style: (run) => statusStyle(run.status) },
  {
    header: "SCORE",
    value: (run) => formatScore(run.weightedScore),
    align: "right",
    style: (run) => scoreStyle(run.weightedScore)
  },
  { header: "TIME", value: (run) => formatDuration(run.durationMs), align: "right" },
  { header: "COST", value: (run) => formatCost(run.costUsd), align: "right" },
  { header: "STARTED", value: (run) => formatTime(run.startedAt) }
]

export const renderRunList = (runs: ReadonlyArray<Run>, width: number | undefined) =>
  runs.length === 0 ? [dim("No runs.")] : renderTable(runColumns, runs, width)

/** Why each unsuccessful run ended, which upstream only showed with DEBUG set. */
export const renderFailureReasons = (runs: ReadonlyArray<Run>) => {
  const failed = runs.filter((run) => run.failureReason !== null && run.failureReason !== "")
  return failed.length === 0
    ? []
    : [
      ...heading(`Failures (${failed.length})`),
      ...failed.map((run) =>
        `${statusStyle(run.status)(statusMark(run.status))} ${run.runId}  ${red(run.status)}  ${run.failureReason}`
      )
    ]
}

const trimNumber = (value: number) => String(Number(value.toFixed(3)))

/** An unpriced judge cost means something only when the judge ran; a skipped or absent judge cost nothing. */
const judgeCost = (detail: RunDetail) => {
  const judged = detail.evaluations.some((e) => e.evaluatorName === "llm_judge" && e.status !== "skipped")
  return judged ? formatCost(detail.telemetry?.judgeCostUsd) : dim("judge did not run")
}

export const renderRunDetail = (detail: RunDetail, width: number | undefined): ReadonlyArray<string> => {
  const { run, telemetry } = detail
  const fields: Array<readonly [string, string]> = [
    ["Run", run.runId],
    ["Batch", orMissing(run.batchId)],
    ["Scenario", `${run.suite}/${run.scenario}`],
    ["Tier", run.tier],
    ["Agent", agentWithModel(agentLabel(run, { version: true }), run.model)],
    ["Status", statusStyle(run.status)(`${statusMark(run.status)} ${run.status}`)],
    ["Score", `${scoreStyle(run.weightedScore)(formatScore(run.weightedScore))} / 10`],
    ["Started", formatTime(run.startedAt)],
    ["Duration", formatDuration(run.durationMs)],
    ["Cost", formatCost(run.costUsd)]
  ]
  if (run.repeat !== null) fields.push(["Repeat", String(run.repeat + 1)])
  if (run.resolvedModel !== null) fields.push(["Resolved model", run.resolvedModel])
  if (run.failureReason !== null) fields.push(["Failure", red(run.failureReason)])
  const evaluations = detail.evaluations.length === 0
    ? [dim("No evaluations.")]
    : renderTable(
      [
        { header: "EVALUATOR", value: (e) => e.evaluatorName },
        { header: "STATUS", value: (e) => e.status },
        {
          header: "SCORE",
          value: (e) => e.status === "ok" ? `${trimNumber(e.score)}/${trimNumber(e.maxScore)}` : "–",
          align: "right"
        },
        {
          header: "%",
          value: (e) => e.status === "ok" && e.maxScore > 0 ? `${((e.score / e.maxScore) * 100).toFixed(0)}%` : "–",
          align: "right"
        },
        { header: "WEIGHT", value: (e) => e.weight === null ? "–" : String(e.weight), align: "right" },
        { header: "DETAILS", value: (e) => orMissing(e.details?.split("\n")[0]), shrinkable: true }
      ],
      detail.evaluations,
      width
    )
  const telemetryLines = telemetry === null ? [dim("No telemetry.")] : renderFields([
    ["Tool calls", formatCount(telemetry.toolCalls)],
    ["Tokens in / out", `${formatCount(telemetry.tokensIn)} / ${formatCount(telemetry.tokensOut)}`],
    ["Cache read / write", `${formatCount(telemetry.cacheReadTokens)} / ${formatCount(telemetry.cacheWriteTokens)}`],
    ["Agent cost", formatCost(telemetry.costUsd)],
    ["Judge cost", judgeCost(detail)],
    ["Workspace", telemetry.workspaceDir === null ? orMissing(null) : workspaceState(telemetry.workspaceDir)]
  ])
  const artifacts = detail.artifacts.length === 0 ? [] : [
    ...heading("Artifacts"),
    ...renderTable(
      [
        { header: "NAME", value: (a) => a.name },
        { header: "TYPE", value: (a) => a.contentType },
        {
          header: "BYTES",
          value: (a) => `${formatCount(a.sizeBytes)}${a.truncated ? " (truncated)" : ""}`,
          align: "right"
        }
      ],
      detail.artifacts,
      width
    )
  ]
  return [
    ...renderFields(fields),
    ...heading("Evaluations"),
    ...evaluations,
    ...renderRunMetadata(run.metadata, width),
    ...heading("Telemetry"),
    ...telemetryLines,
    ...artifacts
  ]
}
