import type { BatchComparison, CellKey, ComparedCell, ComparisonSide } from "@ze/domain"
import { sideNarrowing } from "@ze/domain"
import { formatInterval, formatPValue, formatRatio, formatScore, formatSigned } from "../Display.js"
import { cellAgent, cellName, modeText, summaryScore } from "../views/CompareViews.js"
import { escapeXml } from "./Junit.js"

const verdictEmoji = {
  better: "🟢",
  worse: "🔴",
  "no detectable difference": "⚪",
  "insufficient evidence": "🟡"
} as const

const passText = (value: boolean | null) => value === null ? "–" : value ? "✓" : "✗"

const cellLines = (title: string, cells: ReadonlyArray<CellKey>) =>
  cells.length === 0 ? [] : [`**${title}:** ${cells.map((cell) => `\`${cellName(cell)}\``).join(", ")}`, ""]

/** A summary fit for a pull-request comment: verdict first. */
export const comparisonToMarkdown = (comparison: BatchComparison) => {
  const { passFail, score } = comparison
  return [
    `### ${verdictEmoji[comparison.verdict]} ze: ${comparison.verdict}`,
    "",
    comparison.reason,
    "",
    `Mode: ${modeText(comparison)}.`,
    "",
    `| | base ${sideName(comparison.baseSide)} | head ${sideName(comparison.headSide)} | difference |`,
    "| --- | ---: | ---: | --- |",
    `| mean score | ${formatScore(score.baseMean)} | ${formatScore(score.headMean)} | ${
      formatSigned(score.meanDifference)
    } (95% CI ${formatInterval(score.interval)}, ${formatPValue(score.pValue)}) |`,
    `| pass rate | ${formatRatio(passFail.basePassRate)} | ${
      formatRatio(passFail.headPassRate)
    } | ${passFail.improved} fixed, ${passFail.regressed} broken (McNemar ${formatPValue(passFail.pValue)}) |`,
    "",
    `${comparison.pairs} paired cells.${
      score.minimumDetectableDifference === null
        ? ""
        : ` Smallest detectable mean change: ${score.minimumDetectableDifference.toFixed(2)}.`
    }`,
    "",
    ...cellLines("Flipped to fail", comparison.flippedToFail),
    ...cellLines("Flipped to pass", comparison.flippedToPass),
    ...cellLines("Only in base", comparison.onlyInBase),
    ...cellLines("Only in head", comparison.onlyInHead),
    ...cellLines("Left out, the scenario changed between the batches", comparison.changedScenario),
    "<details><summary>Cells</summary>",
    "",
    "| cell | base | head | Δ | pass |",
    "| --- | ---: | ---: | ---: | :---: |",
    ...comparison.cells.map((cell) =>
      `| ${cellName(cell)} | ${summaryScore(cell.base)} | ${summaryScore(cell.head)} | ${
        formatSigned(cell.scoreDifference)
      } | ${passText(cell.basePassed)} → ${passText(cell.headPassed)} |`
    ),
    "",
    "</details>",
    ""
  ].join("\n")
}

/** `` `batch-1` (specialist fizz) ``: the batch (as code in markdown), then what narrowed it; a whole batch as before. */
const sideName = (side: ComparisonSide, quote = "`") => {
  const narrowing = sideNarrowing(side)
  return `${quote}${side.batchId}${quote}${narrowing === "" ? "" : ` (${narrowing})`}`
}

const caseName = (cell: CellKey) => {
  const agent = cellAgent(cell)
  return agent === undefined ? cell.tier : `${cell.tier} ${agent}`
}

const testCase = (cell: ComparedCell) => {
  const name = escapeXml(caseName(cell))
  const classname = escapeXml(`${cell.suite}.${cell.scenario}`)
  const detail = escapeXml(
    `base ${summaryScore(cell.base)} (${passText(cell.basePassed)}), head ${summaryScore(cell.head)} (${
      passText(cell.headPassed)
    }), Δ ${formatSigned(cell.scoreDifference)}`
  )
  const outcome = cell.headPassed === null
    ? [`      <skipped message="no attributable runs in head"/>`]
    : cell.headPassed === false
    ? [
      `      <failure message="${
        cell.basePassed === true ? "regressed: passed in base, fails in head" : "fails in head"
      }" type="${cell.basePassed === true ? "regression" : "failure"}">${detail}</failure>`
    ]
    : []
  return [
    `    <testcase classname="${classname}" name="${name}">`,
    ...outcome,
    `      <system-out>${detail}</system-out>`,
    "    </testcase>"
  ]
}

const missingCase = (cell: CellKey) => [
  `    <testcase classname="${escapeXml(`${cell.suite}.${cell.scenario}`)}" name="${escapeXml(caseName(cell))}">`,
  `      <skipped message="only in base: not run in head"/>`,
  "    </testcase>"
]

/** JUnit XML: one test case per paired cell (a cell failing in head fails), cells missing from head skipped. */
export const comparisonToJunit = (comparison: BatchComparison) => {
  const failures = comparison.cells.filter((cell) => cell.headPassed === false).length
  const skipped = comparison.cells.filter((cell) => cell.headPassed === null).length + comparison.onlyInBase.length
  const tests = comparison.cells.length + comparison.onlyInBase.length
  const totals = `tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}"`
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="ze compare" ${totals}>`,
    `  <testsuite name="${
      escapeXml(`${sideName(comparison.baseSide, "")} → ${sideName(comparison.headSide, "")}: ${comparison.verdict}`)
    }" ${totals}>`,
    ...comparison.cells.flatMap(testCase),
    ...comparison.onlyInBase.flatMap(missingCase),
    "  </testsuite>",
    "</testsuites>",
    ""
  ].join("\n")
}
