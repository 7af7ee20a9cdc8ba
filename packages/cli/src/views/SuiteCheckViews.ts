import { green, red, yellow } from "../Ansi.js"
import { agentWithModel, formatRatio } from "../Display.js"
import type { FlakyCellDocument, SuiteCheckDocument } from "../Documents.js"
import { heading, renderTable } from "../Table.js"

type Row = SuiteCheckDocument["scenarios"][number]

const names = (
  list: ReadonlyArray<string> | null
) => (list === null ? "–" : list.length === 0 ? "none" : list.join(", "))
const styleOf = (row: Row) => (row.verdict === "valid" ? green : row.verdict === "cannot run here" ? yellow : red)

const summary = (document: SuiteCheckDocument) => {
  const counts = new Map<string, number>()
  for (const row of document.scenarios) counts.set(row.verdict, (counts.get(row.verdict) ?? 0) + 1)
  return [...counts.entries()].map(([verdict, n]) => `${n} ${verdict}`).join(", ")
}

const flakyLine = (c: FlakyCellDocument) =>
  `${c.suite}/${c.scenario} ${c.tier} ${agentWithModel(c.agent, c.model)}: ${c.passes}/${c.attributableRuns} passed, ` +
  `flip rate ${formatRatio(c.flipRate)} (batch ${c.batchId})`

/** Flaky cells found in stored batches: a warning about the scenario, not a verdict on it. */
const renderFlaky = (flaky: ReadonlyArray<FlakyCellDocument>) =>
  flaky.length === 0 ? [] : [
    ...heading(`Flaky in stored batches (${flaky.length}): repeats disagree under the same agent`),
    ...flaky.map((c) => `${yellow("⚠")} ${flakyLine(c)}`)
  ]

export const renderSuiteCheck = (document: SuiteCheckDocument, width: number | undefined) => {
  const invalid = document.scenarios.filter((row) => row.verdict !== "valid")
  return [
    ...renderTable<Row>(
      [
        { header: "SCENARIO", value: (r) => r.scenario },
        { header: "TIERS", value: (r) => r.tiers.join(",") || "–" },
        { header: "VERDICT", value: (r) => r.verdict, style: styleOf },
        {
          header: "CAN TELL (FAIL ON BASELINE)",
          value: (r) => names(r.verdict === "cannot run here" ? null : r.discriminating),
          shrinkable: true
        },
        {
          header: "PASS ON BASELINE",
          value: (r) => names(r.verdict === "cannot run here" ? null : r.passingOnBaseline),
          shrinkable: true
        },
        { header: "ORACLE FAILS", value: (r) => names(r.oracleFails), shrinkable: true }
      ],
      document.scenarios,
      width
    ),
    ...(invalid.length === 0
      ? []
      : [
        ...heading(`Not valid (${invalid.length})`),
        ...invalid.map((r) => `${styleOf(r)("✗")} ${r.scenario}: ${r.verdict}: ${r.reason}`)
      ]),
    ...renderFlaky(document.flaky),
    "",
    `${document.valid ? green("✓") : red("✗")} ${document.scenarios.length} scenario${
      document.scenarios.length === 1 ? "" : "s"
    }: ${summary(document)}` +
    (document.network ? "" : " (offline: commands that fetch dependencies were not run)")
  ]
}

const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ")

export const suiteCheckToMarkdown = (document: SuiteCheckDocument) =>
  [
    "| scenario | tiers | verdict | can tell (fail on baseline) | pass on baseline | oracle fails | why |",
    "|---|---|---|---|---|---|---|",
    ...document.scenarios.map((r) =>
      `| ${cell(r.scenario)} | ${r.tiers.join(", ")} | ${r.verdict} | ${
        cell(names(r.verdict === "cannot run here" ? null : r.discriminating))
      } | ` +
      `${cell(names(r.verdict === "cannot run here" ? null : r.passingOnBaseline))} | ${cell(names(r.oracleFails))} | ${
        cell(r.reason)
      } |`
    ),
    "",
    `${document.scenarios.length} scenarios: ${summary(document)}.`,
    ...(document.flaky.length === 0 ? [] : ["", `**Flaky in stored batches (${document.flaky.length}):**`, ""]),
    ...document.flaky.map((c) => `- ${cell(flakyLine(c))}`)
  ].join("\n")
