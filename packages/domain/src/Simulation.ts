/**
 * Seeded simulations of ze's comparisons over pass/fail outcomes: how often each claims a difference that is not
 * there, how often it finds one that is, and when the sequential test stops. `ze plan`, the test suite and the
 * benchmarks all read their figures from here, so they describe the method ze actually uses.
 */
import type { SequentialDecision } from "./Sequential.js"
import { makeSequentialTest } from "./Sequential.js"
import { mcNemarExact, seededRandom } from "./Statistics.js"

/** Pass probabilities of the scenarios: each simulated scenario draws one, and head passes `effect` more often. */
export interface PassModel {
  /** Base pass probability of each scenario, drawn with replacement; one value: every scenario alike. */
  readonly basePassRates: ReadonlyArray<number>
  /** Head − base pass probability (0.2 for 20 points), clipped to 0..1 per scenario. */
  readonly effect: number
}

export interface TrialDesign {
  /** Paired cells (scenarios) per batch. */
  readonly scenarios: number
  /** Repeats of each cell: the fixed design runs all of them; the sequential one runs them round by round. */
  readonly repeats: number
  readonly alpha?: number
  readonly minEffect?: number | null
}

const clip = (p: number) => Math.min(1, Math.max(0, p))

const drawScenarios = (model: PassModel, scenarios: number, random: () => number) =>
  Array.from({ length: scenarios }, () => {
    const base = model.basePassRates[Math.floor(random() * model.basePassRates.length)]!
    return { base, head: clip(base + model.effect) }
  })

/** Outcomes of one simulated pair of batches, by repeat (rounds) then scenario. */
const drawOutcomes = (model: PassModel, design: TrialDesign, random: () => number) => {
  const cells = drawScenarios(model, design.scenarios, random)
  return Array.from(
    { length: design.repeats },
    () => cells.map((cell) => ({ basePassed: random() < cell.base, headPassed: random() < cell.head }))
  )
}

type Claim = "better" | "worse" | null

/**
 * ze's fixed-design pass/fail test (as `compareBatches`): a cell passes when at least half of its repeats pass, and
 * the exact McNemar test over the cells is held to `level`: ze's α/2 = 0.025 (the other half is the score test's).
 */
export const fixedClaim = (
  rounds: ReadonlyArray<ReadonlyArray<{ readonly basePassed: boolean; readonly headPassed: boolean }>>,
  level = 0.025
): Claim => {
  const cells = rounds[0]?.length ?? 0
  let improved = 0
  let regressed = 0
  for (let c = 0; c < cells; c++) {
    let base = 0
    let head = 0
    for (const round of rounds) {
      if (round[c]!.basePassed) base++
      if (round[c]!.headPassed) head++
    }
    const basePassed = base >= rounds.length / 2
    const headPassed = head >= rounds.length / 2
    if (!basePassed && headPassed) improved++
    if (basePassed && !headPassed) regressed++
  }
  if (mcNemarExact(improved, regressed) >= level) return null
  return improved > regressed ? "better" : "worse"
}

export interface SequentialTrial {
  readonly decision: SequentialDecision
  /** Pairs of runs taken when it stopped (or all of them, undecided). */
  readonly pairs: number
  readonly rounds: number
}

/** The sequential test checked after every round (one repeat of every cell); stops at the first decision. */
export const sequentialTrial = (
  rounds: ReadonlyArray<ReadonlyArray<{ readonly basePassed: boolean; readonly headPassed: boolean }>>,
  options: { readonly alpha?: number; readonly minEffect?: number | null } = {}
): SequentialTrial => {
  const test = makeSequentialTest({ ...options, scores: false, grid: 200 })
  let pairs = 0
  for (let r = 0; r < rounds.length; r++) {
    for (const pair of rounds[r]!) test.add({ ...pair, scoreDifference: null })
    pairs += rounds[r]!.length
    const decision = test.evidence().decision
    if (decision !== "undecided") return { decision, pairs, rounds: r + 1 }
  }
  return { decision: "undecided", pairs, rounds: rounds.length }
}

export interface SimulationSummary {
  readonly simulations: number
  readonly seed: number
  /** Share of simulations the sequential test, checked after every round, ended `better` / `worse`. */
  readonly sequentialBetter: number
  readonly sequentialWorse: number
  readonly sequentialNoDifference: number
  /** Median pairs at the stop, counting undecided simulations as never stopping; null when half never stop. */
  readonly medianStopPairs: number | null
  /** The fixed test checked after every round the same way: the share that claimed a difference at some round. */
  readonly fixedPeekingClaims: number
  /** The fixed test read once, after every repeat: share `better` / `worse`. */
  readonly fixedBetter: number
  readonly fixedWorse: number
}

/** `simulations` seeded pairs of batches of `design`, each compared by every method (`peeking: false` skips the peeked fixed test). */
export const simulateComparisons = (
  model: PassModel,
  design: TrialDesign,
  simulations: number,
  seed: number,
  options: { readonly peeking?: boolean } = {}
): SimulationSummary => {
  const random = seededRandom(seed)
  const alpha = design.alpha ?? 0.05
  const stops: Array<number> = []
  const counts = { better: 0, worse: 0, none: 0, peeking: 0, fixedBetter: 0, fixedWorse: 0 }
  for (let s = 0; s < simulations; s++) {
    const rounds = drawOutcomes(model, design, random)
    const trial = sequentialTrial(rounds, { alpha, minEffect: design.minEffect ?? null })
    if (trial.decision === "better") counts.better++
    if (trial.decision === "worse") counts.worse++
    if (trial.decision === "no difference of at least min-effect") counts.none++
    stops.push(trial.decision === "undecided" ? Infinity : trial.pairs)
    // Each round read as a fixed design: the pairs so far, one cell per pair (as single-repeat batches compare).
    const flat = rounds.flat()
    let claimed = false
    for (let r = 1; r <= rounds.length && !claimed && options.peeking !== false; r++) {
      claimed = fixedClaim([flat.slice(0, r * design.scenarios)], alpha / 2) !== null
    }
    if (claimed) counts.peeking++
    const fixed = fixedClaim(rounds, alpha / 2)
    if (fixed === "better") counts.fixedBetter++
    if (fixed === "worse") counts.fixedWorse++
  }
  stops.sort((a, b) => a - b)
  const median = stops[Math.floor((simulations - 1) / 2)]
  return {
    simulations,
    seed,
    sequentialBetter: counts.better / simulations,
    sequentialWorse: counts.worse / simulations,
    sequentialNoDifference: counts.none / simulations,
    medianStopPairs: median === undefined || median === Infinity ? null : median,
    fixedPeekingClaims: counts.peeking / simulations,
    fixedBetter: counts.fixedBetter / simulations,
    fixedWorse: counts.fixedWorse / simulations
  }
}
