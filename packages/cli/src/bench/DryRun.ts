import { ZeClient } from "@ze/client"
import type { AgentSelection, Cell, MatrixSpec, Shard } from "@ze/harness"
import type { Scenario } from "@ze/harness"
import {
  Agents,
  buildMatrix,
  cellRef,
  finishedRunIds,
  hasWarmup,
  scenarioKey,
  shardCells,
  warmupProblems
} from "@ze/harness"
import { Effect, Option } from "effect"
import { bold, dim, yellow } from "../Ansi.js"
import { agentWithModel, formatCost } from "../Display.js"
import type { DryRunDocument } from "../Documents.js"
import { heading, renderTable } from "../Table.js"
import { blockedReason, dryRunWarning } from "./Blocked.js"

export interface DryRunOptions {
  readonly batchId: Option.Option<string>
  readonly resume: boolean
  readonly shard: Option.Option<Shard>
}

/** Per-run cost of an agent and model, from what the store holds of them (agents without a model cost nothing). */
export const estimateFor = (selection: AgentSelection, cells: number) =>
  Effect.gen(function*() {
    const agent = yield* Effect.flatMap(Agents, (agents) => agents.get(selection.agent))
    if (!agent.usesModel) return { ...selection, cells, perRunUsd: 0, basis: "uses no model" }
    const ze = yield* ZeClient
    const stats = yield* ze.stats.cost({
      urlParams: { agent: selection.agent, ...(selection.model === null ? {} : { model: selection.model }) }
    })
    const history = stats.byAgentModel.find((row) =>
      row.agent === selection.agent && row.model === selection.model &&
      (row.specialist ?? undefined) === selection.specialist
    )
    const perRun = history?.avgCostPerPricedRun ?? null
    return {
      ...selection,
      cells,
      perRunUsd: perRun,
      basis: perRun === null ? "no priced runs of it in the store yet" : `average of ${history!.pricedRuns} stored runs`
    }
  })

/** A scenario's warmup runs before its cells (and can fail them): the plan says so. */
const warmupNote = (scenario: Scenario) => {
  const problems = warmupProblems(scenario)
  const what = `${scenarioKey(scenario)}: its ${scenario.config.warmup?.type ?? ""} warmup runs once before its runs`
  return problems.length === 0
    ? `${what}, on a copy of the fixture (--skip-warmup leaves it out)`
    : `${what} and will fail them (infra_error): ${problems.map((p) => `${p.field} ${p.message}`).join("; ")}`
}

const sameSelection = (cell: Cell, selection: AgentSelection) =>
  cell.agent === selection.agent && cell.model === selection.model &&
  (cell.specialist?.name ?? undefined) === selection.specialist

export const planDryRun = (spec: MatrixSpec, options: DryRunOptions) =>
  Effect.gen(function*() {
    const matrix = buildMatrix(Option.getOrElse(options.batchId, () => "dry-run"), spec)
    const cells = Option.match(options.shard, {
      onNone: () => matrix.cells,
      onSome: (shard) => shardCells(matrix.cells, shard)
    })
    const done = options.resume && Option.isSome(options.batchId)
      ? yield* finishedRunIds(options.batchId.value)
      : new Set<string>()
    const pending = cells.filter((cell) => !done.has(cell.runId))
    const reasons = yield* Effect.forEach(pending, blockedReason)
    const toRun = pending.filter((_, i) => reasons[i] === undefined)
    const blocked = pending.flatMap((
      cell,
      i
    ) => (reasons[i] === undefined ? [] : [{ ...cellRef(cell), reason: reasons[i] }]))
    const scenarios = [...new Set(toRun.map((cell) => cell.scenario))]
    const warnings = [
      ...(yield* Effect.forEach(scenarios, dryRunWarning)).filter((w): w is string => w !== undefined),
      ...scenarios.filter(hasWarmup).map(warmupNote)
    ]
    const byAgent = yield* Effect.forEach(spec.agents, (selection) =>
      estimateFor(selection, toRun.filter((cell) => sameSelection(cell, selection)).length))
    const priced = byAgent.every((row) =>
      row.perRunUsd !== null
    )
    return {
      batchId: Option.getOrNull(options.batchId),
      matrixCells: matrix.cells.length,
      cells: toRun.map(cellRef),
      alreadyDone: cells.length - pending.length,
      skipped: matrix.skipped,
      blocked,
      warnings,
      estimate: {
        totalUsd: priced ? byAgent.reduce((sum, row) => sum + row.cells * (row.perRunUsd ?? 0), 0) : null,
        byAgent
      }
    } satisfies DryRunDocument
  })

export const renderDryRun = (plan: DryRunDocument, width: number | undefined) => [
  bold(`Dry run: ${plan.cells.length} cell${plan.cells.length === 1 ? "" : "s"} would run`) +
  dim(
    ` (matrix of ${plan.matrixCells}${plan.alreadyDone > 0 ? `, ${plan.alreadyDone} already done` : ""}` +
      `${plan.blocked.length > 0 ? `, ${plan.blocked.length} cannot run or be scored here` : ""}); nothing ran.`
  ),
  ...heading("Cells"),
  ...(plan.cells.length === 0 ? [dim("None.")] : renderTable(
    [
      {
        header: "SCENARIO",
        value: (c: DryRunDocument["cells"][number]) => `${c.suite}/${c.scenario}`,
        shrinkable: true
      },
      { header: "TIER", value: (c) => c.tier },
      { header: "AGENT", value: (c) => agentWithModel(c.agent, c.model, c.specialist) },
      { header: "REPEAT", value: (c) => String(c.repeat + 1), align: "right" },
      { header: "RUN", value: (c) => c.runId, shrinkable: true }
    ],
    plan.cells,
    width
  )),
  ...(plan.blocked.length === 0 ? [] : [
    ...heading(`Cannot run or be scored here (${plan.blocked.length})`),
    ...plan.blocked.map((c) =>
      `  ${yellow("✗")} ${c.suite}/${c.scenario} ${c.tier} ${
        agentWithModel(c.agent, c.model, c.specialist)
      }: ${c.reason}`
    )
  ]),
  ...(plan.warnings.length === 0 ? [] : [...heading("Warnings"), ...plan.warnings.map((w) => `  ${yellow("⚠")} ${w}`)]),
  ...(plan.skipped.length === 0 ? [] : [
    ...heading(`Skipped combinations (${plan.skipped.length})`),
    ...plan.skipped.map((s) => `  ${s.suite}/${s.scenario} ${s.tier}: ${s.reason}`)
  ]),
  ...heading("Cost estimate"),
  ...plan.estimate.byAgent.map((row) =>
    `  ${agentWithModel(row.agent, row.model, row.specialist)}: ${row.cells} × ${
      row.perRunUsd === null ? "?" : formatCost(row.perRunUsd)
    } ${dim(`(${row.basis})`)}`
  ),
  `  ${bold("Total")}: ${
    plan.estimate.totalUsd === null
      ? "unknown (some agents have no priced history)"
      : formatCost(plan.estimate.totalUsd)
  }`
]
