import { Either, Option } from "effect"
import { createHash, randomBytes } from "node:crypto"
import { findPrompt, tiersOf } from "../scenario/Prompts.js"
import type { Scenario } from "../scenario/Scenario.js"
import type { Specialist } from "../specialists/Template.js"

export interface AgentSelection {
  readonly agent: string
  readonly model: string | null
  /** A specialist wrapping the (model) agent, by name; its template is in `MatrixSpec.specialists`. */
  readonly specialist?: string
}

export interface MatrixSpec {
  readonly scenarios: ReadonlyArray<Scenario>
  /** Tiers (prefix-matched); every tier a scenario has prompts for when absent or empty. */
  readonly tiers?: ReadonlyArray<string>
  readonly agents: ReadonlyArray<AgentSelection>
  /** Runs of each combination (default 1). */
  readonly repeats?: number
  /** The loaded specialists the selections name. */
  readonly specialists?: ReadonlyMap<string, Specialist>
}

/** One run of the batch: a scenario, a tier, an agent with its model, and a repeat index. */
export interface Cell {
  readonly runId: string
  readonly batchId: string
  readonly scenario: Scenario
  readonly tier: string
  readonly agent: string
  readonly model: string | null
  readonly repeat: number
  readonly specialist: Specialist | null
}

/** A cell without its scenario: what progress events and results carry. */
export interface CellRef {
  readonly runId: string
  readonly suite: string
  readonly scenario: string
  readonly tier: string
  readonly agent: string
  readonly model: string | null
  readonly repeat: number
  readonly specialist?: string
}

export interface SkippedCombination {
  readonly suite: string
  readonly scenario: string
  readonly tier: string
  readonly reason: string
}

export interface Matrix {
  readonly batchId: string
  readonly cells: ReadonlyArray<Cell>
  /** Requested tiers a scenario has no prompt for. */
  readonly skipped: ReadonlyArray<SkippedCombination>
}

export const cellRef = (cell: Cell): CellRef => ({
  runId: cell.runId,
  suite: cell.scenario.suite,
  scenario: cell.scenario.name,
  tier: cell.tier,
  agent: cell.agent,
  model: cell.model,
  repeat: cell.repeat,
  ...(cell.specialist === null ? {} : { specialist: cell.specialist.name })
})

/** Upstream's batch id format: `batch-<ms>-<9 base36 chars>`. */
export const newBatchId = () =>
  `batch-${Date.now()}-${BigInt(`0x${randomBytes(8).toString("hex")}`).toString(36).slice(0, 9).padStart(9, "0")}`

/** The same cell of the same batch always gets the same id, so storing is idempotent and resume can find it. */
export const runIdOf = (
  batchId: string,
  suite: string,
  scenario: string,
  tier: string,
  agent: string,
  model: string | null,
  repeat: number,
  specialist?: string
) =>
  `run-${
    createHash("sha256").update(
      JSON.stringify([batchId, suite, scenario, tier, agent, model, repeat, ...(specialist ? [specialist] : [])])
    ).digest("hex").slice(0, 32)
  }`

/** Agents × models; agents that take no model get one cell with `model: null`. */
export const selectAgents = (
  agents: ReadonlyArray<string>,
  models: ReadonlyArray<string>,
  usesModel: (agent: string) => boolean
): ReadonlyArray<AgentSelection> =>
  agents.flatMap((agent): ReadonlyArray<AgentSelection> =>
    usesModel(agent) && models.length > 0 ? models.map((model) => ({ agent, model })) : [{ agent, model: null }]
  )

/** suites × scenarios × tiers × agents × models × repeats, in that nesting order. */
export const buildMatrix = (batchId: string, spec: MatrixSpec): Matrix => {
  const cells: Array<Cell> = []
  const skipped: Array<SkippedCombination> = []
  const repeats = Math.max(1, spec.repeats ?? 1)
  for (const scenario of spec.scenarios) {
    const tiers = spec.tiers && spec.tiers.length > 0 ? spec.tiers : tiersOf(scenario)
    for (const tier of tiers) {
      if (Option.isNone(findPrompt(scenario, tier))) {
        skipped.push({
          suite: scenario.suite,
          scenario: scenario.name,
          tier,
          reason: `no ${tier} prompt in ${scenario.promptsDir}`
        })
        continue
      }
      for (const { agent, model, specialist: name } of spec.agents) {
        const specialist = name === undefined ? null : spec.specialists?.get(name) ?? null
        for (let repeat = 0; repeat < repeats; repeat++) {
          const runId = runIdOf(batchId, scenario.suite, scenario.name, tier, agent, model, repeat, name)
          cells.push({ runId, batchId, scenario, tier, agent, model, repeat, specialist })
        }
      }
    }
  }
  return { batchId, cells, skipped }
}

/** Shard `index` of `count` (1-based), e.g. `2/3`. */
export interface Shard {
  readonly index: number
  readonly count: number
}

export const parseShard = (text: string): Either.Either<Shard, string> => {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim())
  const index = Number(match?.[1])
  const count = Number(match?.[2])
  return match && count >= 1 && index >= 1 && index <= count
    ? Either.right({ index, count })
    : Either.left(`shard must look like i/n with 1 ≤ i ≤ n (got "${text}")`)
}

/** Round-robin over the matrix order: every machine given the same matrix computes the same disjoint slices. */
export const shardCells = <C extends { readonly runId: string }>(
  cells: ReadonlyArray<C>,
  shard: Shard
): ReadonlyArray<C> =>
  // Dealt round-robin in run-id order (a hash), so no agent, tier or scenario lands on one machine only.
  [...cells].sort((a, b) => a.runId.localeCompare(b.runId)).filter((_, i) => i % shard.count === shard.index - 1)
