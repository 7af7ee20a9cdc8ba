import { describe, expect, it } from "@effect/vitest"
import { betaQuantile, cheapestDesigns, passModelFrom, planDesigns } from "../src/Planning.js"
import { incompleteBeta } from "../src/Statistics.js"

const mean = (values: ReadonlyArray<number>) => values.reduce((sum, v) => sum + v, 0) / values.length

describe("planning", () => {
  it("beta quantiles invert the incomplete beta", () => {
    for (const [q, a, b] of [[0.3, 2, 5], [0.9, 0.5, 0.5], [0.5, 3, 3]] as const) {
      expect(incompleteBeta(betaQuantile(q, a, b), a, b)).toBeCloseTo(q, 9)
    }
  })

  it("a flip rate sets the spread of scenario pass rates, keeping the mean and the flip rate it came from", () => {
    const model = passModelFrom(0.4, 0.3, 20)
    expect(model.effect).toBeCloseTo(0.2, 12)
    expect(mean(model.basePassRates)).toBeCloseTo(0.4, 2)
    // A scenario passing with probability p flips 2p(1 − p) of the time.
    expect(mean(model.basePassRates.map((p) => 2 * p * (1 - p)))).toBeCloseTo(0.3, 2)
    expect(passModelFrom(0.4, null, 20).basePassRates).toEqual([0.4])
  })

  it("more scenarios give more power, the same seed the same plan, and the cheapest design reaches the power", () => {
    const model = passModelFrom(0.5, null, 30)
    const options = { scenarios: [10, 40], repeats: [1, 3], simulations: 120, seed: 5 }
    const rows = planDesigns(model, options)
    expect(rows.map((row) => row.runsPerBatch)).toEqual([10, 30, 40, 120])
    const at = (scenarios: number, repeats: number) =>
      rows.find((row) => row.scenarios === scenarios && row.repeats === repeats)!
    expect(at(40, 1).fixedPower).toBeGreaterThan(at(10, 1).fixedPower)
    expect(at(40, 3).sequentialPower).toBeGreaterThan(at(10, 1).sequentialPower)
    expect(planDesigns(model, options)).toEqual(rows)
    const cheapest = cheapestDesigns(rows, 0.8)
    expect(cheapest.fixed?.fixedPower).toBeGreaterThanOrEqual(0.8)
    expect(rows.filter((row) => row.runsPerBatch < cheapest.fixed!.runsPerBatch).every((row) => row.fixedPower < 0.8))
      .toBe(true)
    expect(planDesigns(model, { ...options, agents: 2 })[0]!.runsPerBatch).toBe(20)
  })
})
