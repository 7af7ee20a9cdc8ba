import type { ScenarioBaseline } from "@ze/domain"
import { batchProvenanceOf, discriminatingChecks } from "@ze/domain"
import { dim, green, red } from "../Ansi.js"
import { heading } from "../Table.js"

/** Where a list of names wraps when the output is not a terminal. */
const pipedWidth = 100

/** `label: a, b, c` wrapped at the width, continuation lines under the first name. */
const wrappedList = (label: string, values: ReadonlyArray<string>, width: number) => {
  const indent = " ".repeat(label.length + 2)
  const lines: Array<string> = []
  let line = `${label}: `
  for (const [i, value] of values.entries()) {
    const word = i < values.length - 1 ? `${value},` : value
    if (line.length + word.length > width && line.trim() !== `${label}:`) {
      lines.push(line.trimEnd())
      line = indent
    }
    line += `${word} `
  }
  lines.push(values.length === 0 ? `${label}: –` : line.trimEnd())
  return lines.map((text) => `    ${text}`)
}

const verdict = (baseline: ScenarioBaseline) =>
  discriminatingChecks(baseline).length > 0
    ? green("can tell a no-op from a solution")
    : red(baseline.judgeNotApplicable === null ? "only the judge can tell" : "nothing fails on it")

/** The untouched fixtures the batch's runs were scored against: what can tell a no-op from a solution. */
export const renderBatchBaselines = (metadata: string | null, width: number | undefined): ReadonlyArray<string> => {
  const provenance = batchProvenanceOf(metadata)
  const baselines = Object.values(provenance.baselines)
  if (baselines.length === 0) return []
  const wrapAt = Math.max(40, (width ?? pipedWidth) - 4)
  const from = provenance.suitesDir === undefined || provenance.suitesDir === null
    ? []
    : [dim(`  Scenarios read from ${provenance.suitesDir}`)]
  return [
    ...heading("Baselines (each scenario's untouched fixture, scored with no agent)"),
    ...from,
    ...baselines.flatMap((baseline) => [
      `  ${baseline.scenario}: ${verdict(baseline)}`,
      ...wrappedList("fail on it", discriminatingChecks(baseline).map((c) => c.name), wrapAt),
      ...wrappedList("pass on it", baseline.checks.filter((c) => c.passes).map((c) => c.name), wrapAt)
    ])
  ]
}
