import type { BatchComparison, CellKey, ComparedCell, RepeatSummary, Verdict } from "@ze/domain"
import { bold, dim, green, red, yellow } from "../Ansi.js"
import { agentWithModel, formatInterval, formatPValue, formatRatio, formatScore, formatSigned } from "../Display.js"
import type { Column } from "../Table.js"
import { heading, renderFields, renderTable } from "../Table.js"

export const verdictStyle = (verdict: Verdict) => verdict === "better" ? green : verdict === "worse" ? red : yellow

/** The cell's agent (with its model) when the comparison keys cells by agent; `undefined` otherwise. */
export const cellAgent = (cell: CellKey) =>
  cell.agent === undefined
    ? (cell.specialist === undefined ? undefined : `+${cell.specialist}`)
    : agentWithModel(cell.agent, cell.model, cell.specialist)

export const cellName = (cell: CellKey) => {
  const agent = cellAgent(cell)
  return `${cell.suite}/${cell.scenario} ${cell.tier}${agent === undefined ? "" : ` ${agent}`}`
}

const agentColumn: Column<ComparedCell> = { header: "AGENT", value: (c) => cellAgent(c) ?? "–", shrinkable: true }

/** `7.50 ± 0.80 (n=5)`, or the single score when there is no interval. */
export const summaryScore = (summary: RepeatSummary) => {
  if (summary.meanScore === null) return "–"
  const interval = summary.scoreInterval
  const spread = interval === null ? "" : ` ± ${((interval.upper - interval.lower) / 2).toFixed(2)}`
  return `${formatScore(summary.meanScore)}${spread}${summary.scoredRuns > 1 ? ` (n=${summary.scoredRuns})` : ""}`
}

const passed = (value: boolean | null) => value === null ? "–" : value ? "pass" : "fail"

const cellList = (title: string, cells: ReadonlyArray<CellKey>) =>
  cells.length === 0 ? [] : [...heading(`${title} (${cells.length})`), ...cells.map((cell) => `  ${cellName(cell)}`)]

/** Which test produced the verdict, in words. */
export const modeText = (comparison: BatchComparison) =>
  comparison.mode === "sequential"
    ? "sequential (anytime-valid: holds however often you compare again)"
    : "fixed (valid for one look at a finished design; use --mode sequential to keep re-comparing)"

const sequentialFields = (comparison: BatchComparison): ReadonlyArray<readonly [string, string]> => {
  const evidence = comparison.sequential
  if (evidence === null) return []
  const interval = (value: { lower: number; upper: number } | null, scale: number) =>
    value === null ? "–" : `${formatSigned(value.lower * scale)} to ${formatSigned(value.upper * scale)}`
  return [
    [
      "Paired runs",
      `${evidence.pairs} (by cell and repeat), ${evidence.discordant} discordant, head won ${evidence.headWins}`
    ],
    ["E-value", `${evidence.eValue.toPrecision(3)} ${dim(`(decides at ${evidence.threshold})`)}`],
    ["Pass rate Δ", `${interval(evidence.passRateInterval, 100)} points ${dim("(time-uniform 95%)")}`],
    ["Score Δ", `${interval(evidence.scoreInterval, 1)} ${dim("(time-uniform 95%)")}`],
    ...(evidence.minEffect === null ? [] : [["Min effect", `${evidence.minEffect} points`] as const])
  ]
}

export const renderComparison = (comparison: BatchComparison, width: number | undefined): ReadonlyArray<string> => {
  const { passFail, score } = comparison
  return [
    `${bold("Verdict:")} ${verdictStyle(comparison.verdict)(bold(comparison.verdict))}`,
    comparison.reason,
    "",
    ...renderFields([
      ["Mode", modeText(comparison)],
      ...sequentialFields(comparison),
      ["Base", comparison.baseSide.label],
      ["Head", comparison.headSide.label],
      ["Paired cells", String(comparison.pairs)],
      ["Mean score", `${formatScore(score.baseMean)} → ${formatScore(score.headMean)}`],
      [
        "Difference",
        `${formatSigned(score.meanDifference)} ${
          dim(`95% CI ${formatInterval(score.interval)}, ${formatPValue(score.pValue)} (paired bootstrap)`)
        }`
      ],
      [
        "Detectable",
        score.minimumDetectableDifference === null
          ? "–"
          : `changes of about ${score.minimumDetectableDifference.toFixed(2)} or more`
      ],
      ["Pass rate", `${formatRatio(passFail.basePassRate)} → ${formatRatio(passFail.headPassRate)}`],
      [
        "Flips",
        `${passFail.improved} to pass, ${passFail.regressed} to fail ${
          dim(`(McNemar ${formatPValue(passFail.pValue)})`)
        }`
      ]
    ]),
    ...cellList("Flipped to fail", comparison.flippedToFail),
    ...cellList("Flipped to pass", comparison.flippedToPass),
    ...cellList("Only in base", comparison.onlyInBase),
    ...cellList("Only in head", comparison.onlyInHead),
    ...(comparison.changedScenario.length === 0 ? [] : [
      ...heading(`Left out: the scenario changed between the batches (${comparison.changedScenario.length})`),
      ...comparison.changedScenario.map((cell) => `  ${cellName(cell)}: ${cell.reason}`)
    ]),
    ...heading("Cells"),
    ...(comparison.cells.length === 0 ? [dim("No paired cells.")] : renderTable<ComparedCell>(
      [
        { header: "SCENARIO", value: (c) => `${c.suite}/${c.scenario}`, shrinkable: true },
        { header: "TIER", value: (c) => c.tier },
        ...(comparison.cells.some((c) => cellAgent(c) !== undefined) ? [agentColumn] : []),
        { header: "BASE", value: (c) => summaryScore(c.base), align: "right" },
        { header: "HEAD", value: (c) => summaryScore(c.head), align: "right" },
        { header: "Δ", value: (c) => formatSigned(c.scoreDifference), align: "right" },
        {
          header: "PASS",
          value: (c) => `${passed(c.basePassed)} → ${passed(c.headPassed)}`,
          style: (c) =>
            c.basePassed === true && c.headPassed === false
              ? red
              : c.basePassed === false && c.headPassed === true
              ? green
              : (text) => text
        }
      ],
      comparison.cells,
      width
    ))
  ]
}
