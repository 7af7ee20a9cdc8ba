import { agentLabel, formatP } from "@ze/domain"
import type { RunStatus } from "@ze/domain"
import { cyan, dim, green, red, yellow } from "./Ansi.js"

const missing = "–"

export const orMissing = (value: string | null | undefined) =>
  value === null || value === undefined || value === "" ? missing : value

/** Weighted scores are out of 10. */
export const formatScore = (score: number | null | undefined) =>
  score === null || score === undefined ? missing : score.toFixed(2)

export const formatRatio = (ratio: number | null | undefined) =>
  ratio === null || ratio === undefined ? missing : `${(ratio * 100).toFixed(1)}%`

/** `null` is an unpriced cost (never $0); below $1 four decimals keep small runs apart ($0.0262). */
export const formatCost = (usd: number | null | undefined) =>
  usd === undefined ? missing : usd === null ? "unpriced" : `$${usd.toFixed(usd > 0 && usd < 1 ? 4 : 2)}`

const unpricedText = (runs: number) => `${runs} unpriced run${runs === 1 ? "" : "s"}`

/** A total over runs of which `unpricedRuns` had no price: `$0.0050 + 1 unpriced run`; `–` when there is nothing. */
export const formatSpend = (usd: number | null | undefined, unpricedRuns: number) =>
  unpricedRuns === 0
    ? usd === null || usd === undefined ? missing : formatCost(usd)
    : usd === null || usd === undefined
    ? unpricedText(unpricedRuns)
    : `${formatCost(usd)} + ${unpricedText(unpricedRuns)}`

export const formatDuration = (ms: number | null | undefined) => {
  if (ms === null || ms === undefined) return missing
  if (ms < 1000) return `${Math.round(ms)} ms`
  const seconds = ms / 1000
  if (seconds < 60) return `${seconds.toFixed(1)} s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes}m ${String(Math.round(seconds % 60)).padStart(2, "0")}s`
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, "0")}m`
}

const two = (value: number) => String(value).padStart(2, "0")

/** Local time, to the minute: `2026-11-01 10:00`. */
export const formatTime = (instant: string | number | null | undefined) => {
  if (instant === null || instant === undefined) return missing
  const date = new Date(instant)
  if (Number.isNaN(date.getTime())) return String(instant)
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${
    two(date.getMinutes())
  }`
}

export const formatCount = (value: number | null | undefined) =>
  value === null || value === undefined ? missing : value.toLocaleString("en-US")

const statusMarks: Record<RunStatus, readonly [string, (text: string) => string]> = {
  passed: ["✓", green],
  completed: ["✓", green],
  failed: ["✗", red],
  agent_error: ["!", yellow],
  infra_error: ["!", yellow],
  timeout: ["⏱", yellow],
  budget_exceeded: ["$", yellow],
  cancelled: ["○", dim],
  incomplete: ["○", dim],
  running: ["…", cyan]
}

export const statusMark = (status: RunStatus) => statusMarks[status][0]
export const statusStyle = (status: RunStatus) => statusMarks[status][1]

/** `anthropic+fizzbuzz-specialist (model)`: the domain's agent label (the dashboard's too), with the model. */
export const agentWithModel = (agent: string, model: string | null | undefined, specialist?: string | null) => {
  const name = agentLabel({ agent, specialistName: specialist })
  return model === null || model === undefined || model === "" ? name : `${name} (${model})`
}

export const scoreStyle = (score: number | null | undefined) =>
  score === null || score === undefined ? dim : score >= 9 ? green : score >= 7 ? yellow : red

export const formatSigned = (value: number | null | undefined, digits = 2) =>
  value === null || value === undefined
    ? missing
    : `${value > 0 ? "+" : value < 0 ? "−" : "±"}${Math.abs(value).toFixed(digits)}`

export const formatInterval = (
  interval: { readonly lower: number; readonly upper: number } | null | undefined,
  digits = 2
) =>
  interval === null || interval === undefined
    ? missing
    : `[${interval.lower.toFixed(digits)}, ${interval.upper.toFixed(digits)}]`

/** The domain's p-value wording, so verdict reasons and tables read alike. */
export const formatPValue = (p: number | null | undefined) => (p === null || p === undefined ? missing : formatP(p))

/** `pass@2 50.0% pass@3 66.7%` (or `pass^k`): k = 1 is left out unless asked for, as it is the pass rate. */
export const formatKValues = (
  values: ReadonlyArray<{ readonly k: number; readonly value: number }>,
  symbol: "pass@" | "pass^",
  options: { readonly fromK?: number } = {}
) =>
  values.filter(({ k }) => k >= (options.fromK ?? 2)).map(({ k, value }) => `${symbol}${k} ${formatRatio(value)}`).join(
    " "
  )

/** A proportion's interval in percent, as its rate is shown: `[34.2%, 100.0%]`. */
export const formatRatioInterval = (interval: { readonly lower: number; readonly upper: number } | null) =>
  interval === null ? "" : `[${formatRatio(interval.lower)}, ${formatRatio(interval.upper)}]`

/** `a, b or c`: a list of values in a sentence. */
export const inWords = (values: ReadonlyArray<string>) =>
  values.length <= 1 ? values.join("") : `${values.slice(0, -1).join(", ")} or ${values[values.length - 1]}`
