import type { WarmupOutcome } from "@ze/domain"
import { batchWarmupsOf } from "@ze/domain"
import { dim, green, red, yellow } from "../Ansi.js"
import { formatCost, formatDuration } from "../Display.js"
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
        { header: "COST", value: (w) => (w.agent === null ? "–" : formatCost(w.agent.costUsd)), align: "right" },
        { header: "DETAIL", value: warmupDetail, shrinkable: true }
      ],
      warmups,
      width
    )
  ]
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
      `  prepared fixture (kept): ${folders.get(outcome.scenario) ?? "–"}`,
      `  files: ${listed(outcome.files)}`
    ])
