import { describe, expect, it } from "@effect/vitest"
import { Schema } from "effect"
import type { ScoredRun } from "../src/Comparison.js"
import { BatchComparison, compareBatches, summarizeCells, summarizeRepeats } from "../src/Comparison.js"
import { agentLabel } from "../src/ComparisonSide.js"
import { minimumDiscordantPairs, seededRandom } from "../src/Statistics.js"

const run = (scenario: string, score: number | null, passed: boolean, extra: Partial<ScoredRun> = {}): ScoredRun => ({
  suite: "demo",
  scenario,
  tier: "L1",
  agent: "echo",
  model: null,
  status: passed ? "passed" : "failed",
  isSuccessful: passed,
  weightedScore: score,
  ...extra
})

const scenarios = Array.from({ length: 10 }, (_, i) => `s${i}`)

describe("summarizeRepeats", () => {
  it("summarises a cell's repeats and leaves infrastructure failures out of the agent's record", () => {
    const summary = summarizeRepeats([
      run("a", 8, true, { repeat: 0 }),
      run("a", 4, false, { repeat: 1 }),
      run("a", 9, true, { repeat: 2 }),
      run("a", null, false, { repeat: 3, status: "infra_error" })
    ])
    expect(summary).toMatchObject({ runs: 4, attributableRuns: 3, scoredRuns: 3, passes: 2, meanScore: 7 })
    expect(summary.passRate).toBeCloseTo(2 / 3, 12)
    // pass@1 = c/n; pass@2 and pass@3 with n = 3 are 1 since only 1 failure exists.
    expect(summary.passAtK).toEqual([{ k: 1, value: 2 / 3 }, { k: 2, value: 1 }, { k: 3, value: 1 }])
    // pass^2 = C(2,2)/C(3,2) = 1/3; pass^3 = 0.
    expect(summary.passHatK[1]!.value).toBeCloseTo(1 / 3, 12)
    expect(summary.passHatK[2]).toEqual({ k: 3, value: 0 })
    expect(summary.flipRate).toBe(1)
    expect(summary.scoreInterval).not.toBeNull()
  })

  it("one repeat: no interval, no flip rate", () => {
    const summary = summarizeRepeats([run("a", 8, true)])
    expect(summary.scoreInterval).toBeNull()
    expect(summary.flipRate).toBeNull()
  })

  it("groups a batch's runs into cells by suite, scenario, tier, agent and model", () => {
    const cells = summarizeCells([
      run("b", 1, false),
      run("a", 5, true),
      run("a", 7, true),
      run("a", 3, false, { agent: "oracle" })
    ])
    expect(cells.map((c) => [c.scenario, c.agent, c.summary.runs])).toEqual([["a", "echo", 2], ["a", "oracle", 1], [
      "b",
      "echo",
      1
    ]])
  })
})

describe("compareBatches", () => {
  const base = { batchId: "base", runs: scenarios.map((s, i) => run(s, 4 + (i % 3) * 0.5, i < 2)) }
  const head = { batchId: "head", runs: scenarios.map((s, i) => run(s, 7 + (i % 3) * 0.5 + (i % 2) * 0.25, i < 9)) }

  it("cells whose scenario fingerprint differs are listed and left out of the verdict; unknown fingerprints pair", () => {
    const fingerprints = (changed: string, without = "") =>
      Object.fromEntries(
        scenarios.filter((s) => s !== without).map((s) => [`demo/${s}`, s === changed ? "new" : "same"])
      )
    const comparison = compareBatches(
      { ...base, fingerprints: { ...fingerprints(""), "demo/s9": "old" } },
      { ...head, fingerprints: fingerprints("s9", "s8") }
    )
    expect(comparison.changedScenario).toEqual([
      {
        suite: "demo",
        scenario: "s9",
        tier: "L1",
        baseFingerprint: "old",
        headFingerprint: "new",
        reason: expect.stringContaining("demo/s9 changed")
      }
    ])
    expect(comparison.pairs).toBe(9)
    expect(comparison.cells.map((cell) => cell.scenario)).not.toContain("s9")
    const allChanged = compareBatches({ ...base, fingerprints: fingerprints("") }, {
      ...head,
      fingerprints: Object.fromEntries(scenarios.map((s) => [`demo/${s}`, "x"]))
    })
    expect(allChanged.verdict).toBe("insufficient evidence")
    expect(allChanged.reason).toBe(
      "The batches share no cell of an unchanged scenario (10 left out: their scenario changed)."
    )
  })

  it("a clear improvement is `better`, with the flipped cells named", () => {
    const comparison = compareBatches(base, head)
    expect(comparison.verdict).toBe("better")
    expect(comparison.pairs).toBe(10)
    expect(comparison.score.meanDifference).toBeCloseTo(3.125, 12)
    expect(comparison.score.interval!.lower).toBeGreaterThan(0)
    expect(comparison.passFail).toMatchObject({ improved: 7, regressed: 0, basePassRate: 0.2, headPassRate: 0.9 })
    // 7 discordant pairs all one way: 2/128.
    expect(comparison.passFail.pValue).toBeCloseTo(2 / 128, 12)
    expect(comparison.flippedToPass.map((c) => c.scenario)).toEqual(["s2", "s3", "s4", "s5", "s6", "s7", "s8"])
  })

  it("swapping the batches flips the sign and the verdict", () => {
    const forward = compareBatches(base, head)
    const backward = compareBatches(head, base)
    expect(backward.verdict).toBe("worse")
    expect(backward.score.meanDifference).toBeCloseTo(-forward.score.meanDifference!, 12)
    expect(backward.score.interval!.lower).toBeCloseTo(-forward.score.interval!.upper, 12)
    expect(backward.passFail.pValue).toBeCloseTo(forward.passFail.pValue, 12)
    expect(backward.flippedToFail).toEqual(forward.flippedToPass)
  })

  it("noise without a shift is `no detectable difference`, with the detectable size stated", () => {
    const noisy = {
      batchId: "noisy",
      runs: scenarios.map((s, i) => run(s, 4 + (i % 3) * 0.5 + (i % 2 === 0 ? 1 : -1), i < 2))
    }
    const comparison = compareBatches(base, noisy)
    expect(comparison.verdict).toBe("no detectable difference")
    expect(comparison.score.minimumDetectableDifference).toBeGreaterThan(0)
    expect(comparison.reason).toMatch(/only a mean score change of about/)
    // The differences average exactly 0: no size to plan for.
    expect(comparison.score.pairsNeeded).toBeNull()
  })

  it("a small shift lost in the noise says how many pairs a difference of its size would need", () => {
    const shifted = {
      batchId: "shifted",
      runs: scenarios.map((s, i) => run(s, 4.1 + (i % 3) * 0.5 + (i % 2 === 0 ? 1 : -1), i < 2))
    }
    const comparison = compareBatches(base, shifted)
    expect(comparison.verdict).toBe("no detectable difference")
    // sd of the ±1 differences over 10 pairs is √(10/9); at α/2 = 0.025: ((2.2414 + 0.8416) · 1.054 / 0.1)² ≈ 1056.
    expect(comparison.score.pairsNeeded).toBeGreaterThan(1050)
    expect(comparison.score.pairsNeeded).toBeLessThan(1065)
    expect(comparison.reason).toContain(
      `a difference of this size (0.10) would need about ${comparison.score.pairsNeeded} pairs`
    )
  })

  it("too few pairs is `insufficient evidence`, never a verdict", () => {
    const small = (batchId: string, score: number) => ({
      batchId,
      runs: [run("a", score, false), run("b", score + 1, false)]
    })
    const comparison = compareBatches(small("x", 4), small("y", 4.5))
    expect(comparison.verdict).toBe("insufficient evidence")
    expect(comparison.reason).toMatch(/Only 2 paired cells/)
    expect(compareBatches({ batchId: "x", runs: [] }, { batchId: "y", runs: [] }).verdict).toBe("insufficient evidence")
  })

  it("batches with several agents are compared agent by agent, never averaged together", () => {
    const mixed = {
      batchId: "mixed",
      runs: [...base.runs, ...base.runs.map((r) => ({ ...r, agent: "oracle", weightedScore: 10, isSuccessful: true }))]
    }
    const echoOnly = { batchId: "echo", runs: base.runs }
    const comparison = compareBatches(mixed, echoOnly)
    expect(comparison.pairs).toBe(10)
    expect(comparison.cells.every((cell) => cell.agent === "echo")).toBe(true)
    expect(comparison.score.meanDifference).toBe(0)
    expect(comparison.onlyInBase).toHaveLength(10)
    expect(comparison.onlyInBase.every((cell) => cell.agent === "oracle")).toBe(true)
  })

  it("the pass rate is the mean of the cells' pass rates, not the share of majority-passing cells", () => {
    const half = { batchId: "half", runs: scenarios.flatMap((s) => [run(s, 5, true), run(s, 5, false)]) }
    expect(compareBatches(half, half).passFail).toMatchObject({ basePassRate: 0.5, headPassRate: 0.5 })
  })

  it("below the minimum number of pairs no bootstrap interval or p-value is reported", () => {
    const three = (batchId: string, score: number) => ({
      batchId,
      runs: ["a", "b", "c"].map((s) => run(s, score, false))
    })
    const comparison = compareBatches(three("x", 4), three("y", 5))
    expect(comparison.score).toMatchObject({ pairs: 3, meanDifference: 1, interval: null, pValue: null })
  })

  it("cells found in only one batch are listed, not dropped", () => {
    const extraBase = { ...base, runs: [...base.runs, run("only-base", 5, true)] }
    const extraHead = { ...head, runs: [...head.runs, run("only-head", 5, true, { tier: "L2" })] }
    const comparison = compareBatches(extraBase, extraHead)
    expect(comparison.onlyInBase).toEqual([{ suite: "demo", scenario: "only-base", tier: "L1" }])
    expect(comparison.onlyInHead).toEqual([{ suite: "demo", scenario: "only-head", tier: "L2" }])
    expect(comparison.pairs).toBe(10)
  })

  it("repeats are averaged within a cell before pairing", () => {
    const repeated = { batchId: "r", runs: [run("a", 2, false), run("a", 6, true)] }
    const single = { batchId: "s", runs: [run("a", 5, true)] }
    const comparison = compareBatches(repeated, single)
    expect(comparison.cells[0]!.scoreDifference).toBe(1)
    expect(comparison.cells[0]!.basePassed).toBe(true)
  })

  it("when nothing changed, better or worse comes up at most about as often as alpha says", () => {
    // 300 pairs of batches drawn from one agent: 9 cells × 3 repeats, each cell with its own difficulty.
    const random = seededRandom(42)
    const batch = (batchId: string, difficulty: ReadonlyArray<number>) => ({
      batchId,
      runs: difficulty.flatMap((level, i) =>
        [0, 1, 2].map((repeat) => {
          const score = Math.min(10, Math.max(0, level + (random() - 0.5) * 6))
          return run(`s${i}`, score, score >= 7, { repeat })
        })
      )
    })
    let alarms = 0
    const trials = 300
    for (let t = 0; t < trials; t++) {
      const difficulty = Array.from({ length: 9 }, () => 2 + random() * 7)
      const verdict =
        compareBatches(batch("a", difficulty), batch("b", difficulty), { resamples: 1000, seed: t }).verdict
      if (verdict === "better" || verdict === "worse") alarms++
    }
    // Nominal 5%; binomial noise over 300 trials is about ±2.5%.
    expect(alarms / trials).toBeLessThan(0.08)
  })

  it("McNemar needs 6 one-way flips at 0.05 and 7 at 0.025", () => {
    expect(minimumDiscordantPairs(0.05)).toBe(6)
    expect(minimumDiscordantPairs(0.025)).toBe(7)
  })
})

describe("sides of a comparison", () => {
  const fizz = { specialistName: "fizz" }
  // One batch: each of two agents plain and with the specialist; with it, anthropic passes what it failed plain.
  const batch = scenarios.flatMap((s) => [
    run(s, 3, false, { agent: "anthropic" }),
    run(s, 9, true, { agent: "anthropic", ...fizz }),
    run(s, 5, false, { agent: "openai" }),
    run(s, 5, false, { agent: "openai", ...fizz })
  ])

  it("an answer from a server older than the side filters (no base or head) still names its sides", () => {
    const comparison = compareBatches(
      { batchId: "b", runs: batch, filters: { specialist: "none" } },
      { batchId: "b", runs: batch, filters: { specialist: "fizz" } }
    )
    const { base: _base, head: _head, ...older } = Schema.encodeSync(BatchComparison)(comparison)
    const read = Schema.decodeUnknownSync(BatchComparison)(older)
    expect([read.baseSide.label, read.headSide.label]).toEqual(["batch b", "batch b"])
    expect(read.pairs).toBe(comparison.pairs)
  })

  it("a specialist against none, in one batch: each agent's cells pair with its own plain cells", () => {
    const comparison = compareBatches(
      { batchId: "b", runs: batch, filters: { specialist: "none" } },
      { batchId: "b", runs: batch, filters: { specialist: "fizz" } }
    )
    expect(comparison.baseSide.label).toBe("batch b, no specialist")
    expect(comparison.headSide.label).toBe("batch b, specialist fizz")
    expect(comparison.pairs).toBe(20)
    expect(comparison.flippedToPass.map((cell) => cell.agent)).toEqual(Array(10).fill("anthropic"))
    expect(comparison.cells.filter((cell) => cell.agent === "openai").every((cell) => cell.scoreDifference === 0))
      .toBe(true)
  })

  it("narrowed to one agent the cells need no agent; different agents on the sides pair across them", () => {
    const one = compareBatches(
      { batchId: "b", runs: batch, filters: { specialist: "none", agent: "anthropic" } },
      { batchId: "b", runs: batch, filters: { specialist: "fizz", agent: "anthropic" } }
    )
    expect(one).toMatchObject({ pairs: 10, verdict: "better" })
    expect(one.cells.every((cell) => cell.agent === undefined)).toBe(true)
    const across = compareBatches(
      { batchId: "b", runs: batch, filters: { specialist: "none", agent: "openai" } },
      { batchId: "b", runs: batch, filters: { specialist: "none", agent: "anthropic" } }
    )
    expect(across).toMatchObject({ pairs: 10 })
    expect(across.score.meanDifference).toBeCloseTo(-2, 12)
  })

  it("one side narrowed to an agent pairs with that agent's cells on the other side, never with an average", () => {
    const comparison = compareBatches(
      { batchId: "b", runs: batch, filters: { specialist: "none" } },
      { batchId: "b", runs: batch, filters: { specialist: "fizz", agent: "anthropic" } }
    )
    expect(comparison.pairs).toBe(10)
    expect(comparison.cells.every((cell) => cell.agent === "anthropic")).toBe(true)
    expect(comparison.score.meanDifference).toBeCloseTo(6, 12)
    expect(comparison.onlyInBase.filter((cell) => cell.agent === "openai")).toHaveLength(10)
  })

  it("without filters a batch's specialist cells stay apart from the plain ones, and plain batches pair as before", () => {
    const plain = scenarios.map((s) => run(s, 4, false, { agent: "anthropic" }))
    const whole = compareBatches({ batchId: "p", runs: plain }, { batchId: "b", runs: batch })
    expect(whole.pairs).toBe(10)
    expect(whole.onlyInHead.filter((cell) => cell.specialist === "fizz")).toHaveLength(20)
    const before = compareBatches({ batchId: "p", runs: plain }, { batchId: "q", runs: plain })
    expect(before.cells.every((cell) => !("agent" in cell) && !("specialist" in cell))).toBe(true)
    expect(before.base).toEqual({ batchId: "p", label: "batch p" })
  })

  it("agentLabel names a specialist run agent+specialist, with its version when asked", () => {
    expect(agentLabel({ agent: "anthropic", specialistName: null })).toBe("anthropic")
    expect(agentLabel({ agent: "anthropic", specialistName: "fizz", specialistVersion: "1.0.0" })).toBe(
      "anthropic+fizz"
    )
    expect(agentLabel({ agent: "anthropic", specialistName: "fizz", specialistVersion: "1.0.0" }, { version: true }))
      .toBe("anthropic+fizz@1.0.0")
  })
})
