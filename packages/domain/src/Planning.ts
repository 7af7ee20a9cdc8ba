/**
 * Planning before spending: how many scenarios × repeats a comparison needs to detect a change of D points at
 * power P, read from seeded simulations of the tests ze runs (see Simulation.ts), not from a textbook formula.
 */
import { Schema } from "effect"
import type { PassModel } from "./Simulation.js"
import { simulateComparisons } from "./Simulation.js"
import { incompleteBeta } from "./Statistics.js"

/** The q-quantile of Beta(a, b), by bisection on the regularised incomplete beta function. */
export const betaQuantile = (q: number, a: number, b: number): number => {
  let [low, high] = [0, 1]
  for (let i = 0; i < 60; i++) {
    const middle = (low + high) / 2
    if (incompleteBeta(middle, a, b) < q) low = middle
    else high = middle
  }
  return (low + high) / 2
}

/**
 * Scenario pass rates with mean `passRate` whose spread matches `flipRate`, the share of consecutive repeats whose
 * outcome changes: a scenario passing with probability p flips 2p(1 − p) of the time, so the mean flip rate fixes
 * the variance of p across scenarios (Beta distributed, 50 evenly spaced quantiles). Without a flip rate every
 * scenario passes at `passRate` (as noisy as a scenario can be).
 */
export const passModelFrom = (passRate: number, flipRate: number | null, effectPoints: number): PassModel => {
  const spread = passRate * (1 - passRate)
  const variance = flipRate === null ? 0 : Math.min(spread * 0.98, Math.max(0, spread - flipRate / 2))
  if (variance <= 1e-9 || passRate <= 0 || passRate >= 1) {
    return { basePassRates: [passRate], effect: effectPoints / 100 }
  }
  const concentration = spread / variance - 1
  const [a, b] = [passRate * concentration, (1 - passRate) * concentration]
  return {
    basePassRates: Array.from({ length: 50 }, (_, i) => betaQuantile((i + 0.5) / 50, a, b)),
    effect: effectPoints / 100
  }
}

export class PlanRow extends Schema.Class<PlanRow>("PlanRow")({
  scenarios: Schema.Int,
  repeats: Schema.Int,
  /** Runs of one batch (scenarios × repeats × agents): the head batch's cost, the baseline's if it is new too. */
  runsPerBatch: Schema.Int,
  /** Share of simulations the fixed comparison (ze compare) called head better. */
  fixedPower: Schema.Number,
  /** Share of simulations `--until-decided` reached better within `repeats` rounds. */
  sequentialPower: Schema.Number,
  /** Median runs `--until-decided` ran before it stopped; null when most simulations never stopped. */
  sequentialMedianRuns: Schema.NullOr(Schema.Int)
}) {}

export interface PlanOptions {
  readonly scenarios: ReadonlyArray<number>
  readonly repeats: ReadonlyArray<number>
  readonly simulations: number
  readonly seed: number
  readonly alpha?: number
  /** Agents × models in the matrix: each design's runs are multiplied by it. */
  readonly agents?: number
}

/** Every design of `scenarios` × `repeats`, simulated with its own seed (seed + index), cheapest first. */
export const planDesigns = (model: PassModel, options: PlanOptions): ReadonlyArray<PlanRow> => {
  const designs = options.scenarios.flatMap((scenarios) => options.repeats.map((repeats) => ({ scenarios, repeats })))
    .sort((a, b) => a.scenarios * a.repeats - b.scenarios * b.repeats || a.repeats - b.repeats)
  const agents = options.agents ?? 1
  return designs.map((design, index) => {
    const summary = simulateComparisons(
      model,
      { ...design, ...(options.alpha === undefined ? {} : { alpha: options.alpha }) },
      options.simulations,
      options.seed + index,
      { peeking: false }
    )
    return new PlanRow({
      ...design,
      runsPerBatch: design.scenarios * design.repeats * agents,
      fixedPower: summary.fixedBetter,
      sequentialPower: summary.sequentialBetter,
      sequentialMedianRuns: summary.medianStopPairs === null ? null : summary.medianStopPairs * agents
    })
  })
}

/** The cheapest design whose power reaches `power`, by the fixed and by the sequential comparison. */
export const cheapestDesigns = (rows: ReadonlyArray<PlanRow>, power: number) => ({
  fixed: rows.find((row) => row.fixedPower >= power) ?? null,
  sequential: rows.find((row) => row.sequentialPower >= power) ?? null
})
