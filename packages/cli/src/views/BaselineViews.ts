import type { ScenarioBaseline } from "@ze/domain"
import { batchProvenanceOf, discriminatingChecks } from "@ze/domain"
import { dim, green, red } from "../Ansi.js"
import { heading, renderTable } from "../Table.js"

const names = (
  checks: ReadonlyArray<{ readonly name: string }>
) => (checks.length === 0 ? "–" : checks.map((c) => c.name).join(", "))

/** The untouched fixtures the batch's runs were scored against: what can tell a no-op from a solution. */
export const renderBatchBaselines = (metadata: string | null, width: number | undefined): ReadonlyArray<string> => {
  const provenance = batchProvenanceOf(metadata)
  const baselines = Object.values(provenance.baselines)
  if (baselines.length === 0) return []
  return [
    ...heading("Baselines (each scenario's untouched fixture, no agent)"),
    ...renderTable<ScenarioBaseline>(
      [
        { header: "SCENARIO", value: (b) => b.scenario },
        {
          header: "CAN TELL",
          value: (b) =>
            discriminatingChecks(b).length > 0 ? "yes" : b.judgeNotApplicable === null ? "judge only" : "no",
          style: (b) => (discriminatingChecks(b).length > 0 ? green : red)
        },
        { header: "FAIL ON BASELINE", value: (b) => names(discriminatingChecks(b)), shrinkable: true },
        { header: "PASS ON BASELINE", value: (b) => names(b.checks.filter((c) => c.passes)), shrinkable: true }
      ],
      baselines,
      width
    ),
    ...(provenance.suitesDir === undefined || provenance.suitesDir === null
      ? []
      : [dim(`Scenarios from ${provenance.suitesDir}`)])
  ]
}
