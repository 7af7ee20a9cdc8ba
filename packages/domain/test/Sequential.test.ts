import { describe, expect, it } from "@effect/vitest"
import type { ScoredRun } from "../src/Comparison.js"
import { compareBatches } from "../src/Comparison.js"
import { makeConfidenceSequence, makeSequentialTest, mixtureLogEValue, sequentialEvidence } from "../src/Sequential.js"
import { fixedClaim, sequentialTrial, simulateComparisons } from "../src/Simulation.js"
import { seededRandom } from "../src/Statistics.js"

const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1))

describe("mixture e-process over discordant pairs", () => {
  it("is 1 before any discordant pair and matches the closed form for a uniform prior", () => {
    expect(mixtureLogEValue(0, 0)).toBeCloseTo(0, 12)
    // a = 1: E_n = 2^n · s!(n − s)!/(n + 1)!
    for (const [s, n] of [[5, 5], [3, 7], [10, 12]] as const) {
      const closed = 2 ** n * factorial(s) * factorial(n - s) / factorial(n + 1)
      expect(Math.exp(mixtureLogEValue(s, n, 1))).toBeCloseTo(closed, 9)
    }
  })

  it("is symmetric in wins and losses and grows with a lopsided record", () => {
    expect(mixtureLogEValue(2, 10)).toBeCloseTo(mixtureLogEValue(8, 10), 12)
    expect(mixtureLogEValue(10, 10)).toBeGreaterThan(mixtureLogEValue(8, 10))
    expect(mixtureLogEValue(5, 10)).toBeLessThan(0)
  })
})

describe("betting confidence sequence", () => {
  it("narrows around the mean of the values and keeps it inside", () => {
    const random = seededRandom(7)
    const sequence = makeConfidenceSequence(0, 1, 0.05, 200)
    for (let i = 0; i < 400; i++) sequence.add(random() < 0.3 ? 1 : 0)
    const interval = sequence.interval()!
    expect(interval.lower).toBeLessThan(0.3)
    expect(interval.upper).toBeGreaterThan(0.3)
    expect(interval.upper - interval.lower).toBeLessThan(0.25)
    expect(makeConfidenceSequence(0, 1, 0.05).interval()).toBeNull()
  })

  it("covers the true mean at every time at once in at least 1 − α of seeded simulations", () => {
    const random = seededRandom(11)
    let missed = 0
    const simulations = 300
    for (let s = 0; s < simulations; s++) {
      const sequence = makeConfidenceSequence(-1, 1, 0.1, 100)
      let everMissed = false
      for (let i = 0; i < 100 && !everMissed; i++) {
        // Values in {−1, 0, 1} with mean 0.2, as head − base of pass/fail pairs.
        const u = random()
        sequence.add(u < 0.3 ? 1 : u < 0.4 ? -1 : 0)
        const interval = sequence.interval()!
        everMissed = interval.lower > 0.2 || interval.upper < 0.2
      }
      if (everMissed) missed++
    }
    expect(missed / simulations).toBeLessThanOrEqual(0.1)
  })
})

describe("the sequential test", () => {
  const pair = (basePassed: boolean, headPassed: boolean, scoreDifference: number | null = null) => ({
    basePassed,
    headPassed,
    scoreDifference
  })

  it("says better once head keeps winning the discordant pairs, and worse the other way", () => {
    const wins = Array.from({ length: 12 }, () => pair(false, true))
    expect(sequentialEvidence(wins, { scores: false }).decision).toBe("better")
    expect(sequentialEvidence(wins.map((p) => pair(p.headPassed, p.basePassed)), { scores: false }).decision)
      .toBe("worse")
    expect(sequentialEvidence(wins.slice(0, 3), { scores: false }).decision).toBe("undecided")
  })

  it("holds pass/fail to α/2 when scores are tested too", () => {
    // Six straight wins: E = 2^6/7 ≈ 9.1, short of both 20 (α) and 40 (α/2); nine: 51.2 passes both.
    const wins = (n: number) => Array.from({ length: n }, () => pair(false, true, 0))
    expect(sequentialEvidence(wins(9), { scores: false }).threshold).toBe(20)
    expect(sequentialEvidence(wins(9)).threshold).toBe(40)
    expect(sequentialEvidence(wins(6)).decision).toBe("undecided")
    expect(sequentialEvidence(wins(9)).decision).toBe("better")
  })

  it("a score interval above zero decides better even without a pass/fail flip", () => {
    const random = seededRandom(3)
    const pairs = Array.from({ length: 300 }, () => pair(true, true, 1 + random()))
    const evidence = sequentialEvidence(pairs)
    expect(evidence.discordant).toBe(0)
    expect(evidence.scoreInterval!.lower).toBeGreaterThan(0)
    expect(evidence.decision).toBe("better")
  })

  it("says no difference of at least min-effect only once both intervals sit inside it", () => {
    const random = seededRandom(5)
    const test = makeSequentialTest({ minEffect: 20, scores: false })
    const decisions: Array<string> = []
    for (let i = 0; i < 400; i++) {
      const passed = random() < 0.5
      test.add(pair(passed, passed))
      decisions.push(test.evidence().decision)
    }
    expect(decisions[4]).toBe("undecided")
    expect(decisions.at(-1)).toBe("no difference of at least min-effect")
    const evidence = test.evidence()
    expect(evidence.passRateInterval!.lower).toBeGreaterThan(-0.2)
    expect(evidence.passRateInterval!.upper).toBeLessThan(0.2)
  })
})

describe("simulated: checked after every pair, the sequential test stays honest and the fixed test does not", () => {
  it("A/A: the sequential test claims a difference at most 5% of the time; the fixed test peeked at overclaims", () => {
    const summary = simulateComparisons({ basePassRates: [0.5], effect: 0 }, { scenarios: 1, repeats: 200 }, 400, 16)
    expect(summary.sequentialBetter + summary.sequentialWorse).toBeLessThanOrEqual(0.05)
    expect(summary.fixedPeekingClaims).toBeGreaterThan(0.05)
    expect(summary.fixedPeekingClaims).toBeGreaterThan(2 * (summary.sequentialBetter + summary.sequentialWorse))
  })

  it("A/A with scenarios of very different difficulty stays at most 5% too", () => {
    const summary = simulateComparisons(
      { basePassRates: [0.05, 0.2, 0.5, 0.8, 0.95], effect: 0 },
      { scenarios: 10, repeats: 20 },
      300,
      17
    )
    expect(summary.sequentialBetter + summary.sequentialWorse).toBeLessThanOrEqual(0.05)
  })

  it("0.5 → 0.7 within 200 pairs: found at least as often as the fixed 100-pair design, median stop ≤ 100", () => {
    const sequential = simulateComparisons(
      { basePassRates: [0.5], effect: 0.2 },
      { scenarios: 1, repeats: 200 },
      300,
      18
    )
    const fixed = simulateComparisons({ basePassRates: [0.5], effect: 0.2 }, { scenarios: 100, repeats: 1 }, 300, 19)
    expect(sequential.sequentialBetter).toBeGreaterThanOrEqual(fixed.fixedBetter)
    expect(sequential.medianStopPairs).not.toBeNull()
    expect(sequential.medianStopPairs!).toBeLessThanOrEqual(100)
  })

  it("0.3 → 0.8: median stop ≤ 30 pairs", () => {
    const summary = simulateComparisons({ basePassRates: [0.3], effect: 0.5 }, { scenarios: 1, repeats: 200 }, 300, 20)
    expect(summary.medianStopPairs!).toBeLessThanOrEqual(30)
  })

  it("the fixed claim is ze's: cells pass on a majority of repeats, McNemar at α/2", () => {
    const round = (outcomes: ReadonlyArray<readonly [boolean, boolean]>) =>
      outcomes.map(([basePassed, headPassed]) => ({ basePassed, headPassed }))
    const flips = round(Array.from({ length: 8 }, () => [false, true] as const))
    expect(fixedClaim([flips])).toBe("better")
    expect(fixedClaim([flips.slice(0, 6)])).toBeNull()
    // Two of three repeats fail in head: the cells fail, whatever the third says.
    expect(fixedClaim([flips, round(flips.map(() => [false, false])), round(flips.map(() => [false, false]))]))
      .toBeNull()
    // Pass/fail alone gets all of α: eight straight wins give E = 2^8/9 ≈ 28 ≥ 20, six give 64/7 ≈ 9.
    expect(sequentialTrial([flips], { alpha: 0.05 })).toEqual({ decision: "better", pairs: 8, rounds: 1 })
    expect(sequentialTrial([flips.slice(0, 6)], { alpha: 0.05 }).decision).toBe("undecided")
  })
})

describe("compareBatches in sequential mode", () => {
  const run = (scenario: string, repeat: number, passed: boolean, score: number | null): ScoredRun => ({
    suite: "demo",
    scenario,
    tier: "L1",
    agent: "echo",
    model: null,
    status: passed ? "passed" : "failed",
    isSuccessful: passed,
    weightedScore: score,
    repeat
  })
  const batch = (batchId: string, pass: (scenario: number, repeat: number) => boolean) => ({
    batchId,
    runs: Array.from(
      { length: 6 },
      (_, s) => Array.from({ length: 4 }, (_, r) => run(`s${s}`, r, pass(s, r), pass(s, r) ? 9 : 2))
    ).flat()
  })

  it("pairs runs by cell and repeat, round by round, and says which mode decided", () => {
    const base = batch("base", () => false)
    const head = batch("head", (s, r) => s + r > 0)
    const comparison = compareBatches(base, head, { mode: "sequential" })
    expect(comparison.mode).toBe("sequential")
    expect(comparison.sequential).toMatchObject({ pairs: 24, discordant: 23, headWins: 23, scoredPairs: 24 })
    const pairs = [0, 1, 2, 3].flatMap((r) =>
      [0, 1, 2, 3, 4, 5].map((s) => ({
        basePassed: false,
        headPassed: s + r > 0,
        scoreDifference: s + r > 0 ? 7 : 0
      }))
    )
    expect(comparison.sequential).toEqual(sequentialEvidence(pairs))
    expect(comparison.verdict).toBe("better")
    expect(comparison.reason).toContain("sequential test")
    expect(compareBatches(base, head).mode).toBe("fixed")
    expect(compareBatches(base, head).sequential).toBeNull()
  })

  it("undecided is insufficient evidence, saying what to do", () => {
    const comparison = compareBatches(batch("b", () => false), batch("h", (s, r) => s === 0 && r === 0), {
      mode: "sequential",
      minEffect: 10
    })
    expect(comparison.verdict).toBe("insufficient evidence")
    expect(comparison.reason).toContain("add repeats")
  })
})
