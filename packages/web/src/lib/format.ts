import { agentLabel } from "@ze/domain"

/** How the dashboard writes numbers: the same rules as the CLI (scores /10, rates in %, cost never 0 when unknown). */
export interface Interval {
  readonly lower: number
  readonly upper: number
}

const dash = "–"

export const score = (value: number | null | undefined, digits = 2) =>
  value === null || value === undefined ? dash : value.toFixed(digits)

export const percent = (rate: number | null | undefined, digits = 0) =>
  rate === null || rate === undefined ? dash : `${(rate * 100).toFixed(digits)}%`

/** The smallest and largest of some rates, or one dash when there are none (nothing scored). */
export const percentRange = (lower: number | null | undefined, upper: number | null | undefined) =>
  lower === null || lower === undefined || upper === null || upper === undefined
    ? dash
    : `${percent(lower)}–${percent(upper)}`

export const percentInterval = (interval: Interval | null | undefined) =>
  interval ? `${(interval.lower * 100).toFixed(0)}–${(interval.upper * 100).toFixed(0)}%` : ""

export const scoreInterval = (interval: Interval | null | undefined) =>
  interval ? `${interval.lower.toFixed(2)}–${interval.upper.toFixed(2)}` : ""

export const usd = (value: number | null | undefined, unpriced = 0) => {
  if (value === null || value === undefined) return unpriced > 0 ? "unpriced" : dash
  const text = value === 0 ? "$0" : value < 0.01 ? `$${value.toFixed(4)}` : `$${value.toFixed(2)}`
  return unpriced > 0 ? `${text} + ${unpriced} unpriced` : text
}

export const count = (value: number | null | undefined) =>
  value === null || value === undefined ? dash : value.toLocaleString("en-US")

export const duration = (ms: number | null | undefined) => {
  if (ms === null || ms === undefined) return dash
  if (ms < 1_000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} m ${Math.round((ms % 60_000) / 1_000)} s`
  return `${Math.floor(ms / 3_600_000)} h ${Math.round((ms % 3_600_000) / 60_000)} m`
}

export const dateTime = (value: string | number | null | undefined) => {
  if (value === null || value === undefined) return dash
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? String(value) : date.toISOString().replace("T", " ").slice(0, 19) + " UTC"
}

export const ago = (value: string | number, now = Date.now()) => {
  const seconds = Math.round((now - new Date(value).getTime()) / 1_000)
  if (seconds < 60) return `${Math.max(seconds, 0)} s ago`
  if (seconds < 3_600) return `${Math.floor(seconds / 60)} min ago`
  if (seconds < 86_400) return `${Math.floor(seconds / 3_600)} h ago`
  return `${Math.floor(seconds / 86_400)} d ago`
}

/** `anthropic+fizzbuzz-specialist · model`: the agent as the CLI labels it (`agentLabel`), then its model. */
export const agentModel = (
  agent: string | undefined,
  model: string | null | undefined,
  specialist?: string | null
) => {
  const name = agent === undefined ? dash : agentLabel({ agent, specialistName: specialist })
  return model ? `${name} · ${model}` : name
}

/** pass@1 and pass@k at the largest k the repeats allow: the two ends of the curve. */
export const passAtK = (values: ReadonlyArray<{ readonly k: number; readonly value: number }>) => {
  const ends = values.length <= 2 ? values : [values[0]!, values[values.length - 1]!]
  return ends.length === 0 ? dash : ends.map(({ k, value }) => `@${k} ${percent(value)}`).join(" · ")
}

/** A specialist's name, or what the runs without one are called (the plain agents). */
export const specialistName = (name: string | null | undefined) => name ?? "none (plain agents)"
