import type { Batch, WarmupOutcome } from "@ze/domain"
import { batchWarmupsOf, warmupSpendOf } from "@ze/domain"
import { dim, green, red, yellow } from "../Ansi.js"
import { formatCost, formatCount, formatDuration, formatSpend } from "../Display.js"
import { heading, renderTable } from "../Table.js"

const listed = (names: ReadonlyArray<string>) => (names.length === 0 ? "(empty)" : names.join(", "))

/** What a warmup left, or why it did not prepare anything. */
export const warmupDetail = (outcome: WarmupOutcome) =>
  outcome.status === "succeeded"
    ? outcome.control === null ? `prepared: ${listed(outcome.files)}` : `control/: ${listed(outcome.control)}`
    : outcome.reason ?? ""

const statusStyle = (outcome: WarmupOutcome) =>
  outcome.status === "succeeded" ? green : outcome.status === "failed" ? red : yellow

/** The warmups a batch ran before its cells (once per scenario): the fixture its runs started from. */
export const renderBatchWarmups = (metadata: string | null, width: number | undefined): ReadonlyArray<string> => {
  const warmups = Object.values(batchWarmupsOf(metadata))
  if (warmups.length === 0) return []
  return [
    ...heading("Warmups (run once per scenario before its runs, on a copy of the fixture)"),
    ...renderTable<WarmupOutcome>(
      [
        { header: "SCENARIO", value: (w) => w.scenario },
        { header: "TYPE", value: (w) => w.type ?? "–" },
        { header: "STATUS", value: (w) => w.status, style: statusStyle },
        { header: "TIME", value: (w) => formatDuration(w.durationMs), align: "right" },
        {
          header: "TOKENS IN/OUT",
          value: (w) => w.agent === null ? "–" : `${formatCount(w.agent.tokensIn)} / ${formatCount(w.agent.tokensOut)}`,
          align: "right"
        },
        { header: "COST", value: (w) => (w.agent === null ? "–" : formatCost(w.agent.costUsd)), align: "right" },
        { header: "DETAIL", value: warmupDetail, shrinkable: true }
      ],
      warmups,
      width
    )
  ]
}

/**
 * A batch's Cost: the runs' cost, and when agent warmups spent something, their cost beside it and the sum of both
 * (the stored `totalCostUsd` counts runs only).
 */
export const batchCostText = (batch: Pick<Batch, "totalCostUsd" | "unpricedRuns" | "metadata">) => {
  const runs = formatSpend(batch.totalCostUsd, batch.unpricedRuns)
  const spend = warmupSpendOf(batchWarmupsOf(batch.metadata))
  if (spend.agentWarmups === 0) return runs
  const unpriced = spend.unpriced === 0 ? "" : ` + ${spend.unpriced} unpriced warmup${spend.unpriced === 1 ? "" : "s"}`
  const total = formatCost((batch.totalCostUsd ?? 0) + spend.costUsd)
  return `${total} with warmups (runs ${runs} + warmups ${formatCost(spend.costUsd)}${unpriced}; warmup tokens ` +
    `${formatCount(spend.tokensIn)} in / ${formatCount(spend.tokensOut)} out)`
}

/** `ze bench --warmup-only`: each warmup's outcome and the folder it prepared, kept for inspection. */
export const renderWarmupOnly = (
  outcomes: ReadonlyArray<WarmupOutcome>,
  folders: ReadonlyMap<string, string>
): ReadonlyArray<string> =>
  outcomes.length === 0
    ? ["No selected scenario has a warmup (warmup.enabled: true in scenario.yaml): nothing to run."]
    : outcomes.flatMap((outcome) => [
      outcome.status === "succeeded"
        ? green(`✓ ${outcome.scenario}: warmup (${outcome.type}) succeeded in ${outcome.durationMs} ms`)
        : red(`✗ ${outcome.scenario}: warmup (${outcome.type ?? "no type"}) failed: ${outcome.reason}`),
      ...outcome.commands.map((command) =>
        dim(`  $ ${command.cmd}  → ${command.timedOut ? "timed out" : `exit ${command.exitCode}`}`)
      ),
      ...(outcome.control === null ? [] : [`  control/: ${listed(outcome.control)}`]),
      ...(outcome.agent === null ? [] : [
        `  agent ${outcome.agent.agent}${outcome.agent.model === null ? "" : ` [${outcome.agent.model}]`}: ` +
        `${formatCount(outcome.agent.tokensIn)} in / ${formatCount(outcome.agent.tokensOut)} out tokens, ` +
        formatCost(outcome.agent.costUsd)
      ]),
      `  prepared fixture (kept): ${folders.get(outcome.scenario) ?? "–"}`,
      `  files: ${listed(outcome.files)}`
    ])
