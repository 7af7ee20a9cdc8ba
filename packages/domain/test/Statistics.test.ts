import { describe, expect, it } from "@effect/vitest"
import {
  flipRate,
  incompleteBeta,
  logGamma,
  mcNemarExact,
  meanWithInterval,
  minimumDetectableDifference,
  pairedBootstrap,
  pairsNeeded,
  passAtK,
  passHatK,
  studentTCdf,
  studentTQuantile,
  wilsonInterval
} from "../src/Statistics.js"

describe("special functions", () => {
  it("logGamma matches factorials and Γ(1/2) = √π", () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12)
    expect(logGamma(11)).toBeCloseTo(Math.log(3628800), 10)
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12)
  })

  it("the incomplete beta agrees with the binomial tail it encodes", () => {
    // I_p(a, n − a + 1) = P(X ≥ a) for X ~ Bin(n, p). n = 4, a = 2, p = 1/2: (6 + 4 + 1)/16.
    expect(incompleteBeta(0.5, 2, 3)).toBeCloseTo(11 / 16, 12)
    // n = 5, a = 1, p = 0.3: 1 − 0.7^5.
    expect(incompleteBeta(0.3, 1, 5)).toBeCloseTo(1 - 0.7 ** 5, 12)
  })

  it("Student's t CDF and 97.5% quantiles match the printed tables", () => {
    // Two-sided 95% critical values from any t table (and R's qt(0.975, df)).
    const table: ReadonlyArray<[number, number]> = [[1, 12.7062], [2, 4.3027], [4, 2.7764], [9, 2.2622], [29, 2.0452], [
      120,
      1.9799
    ]]
    for (const [df, value] of table) expect(studentTQuantile(0.975, df)).toBeCloseTo(value, 4)
    // df = 1 is the Cauchy distribution: P(T ≤ 1) = 3/4 exactly.
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 12)
    expect(studentTCdf(0, 7)).toBe(0.5)
    expect(studentTQuantile(0.025, 9)).toBeCloseTo(-2.2622, 4)
  })
})

describe("repeats of one cell", () => {
  it("mean, sample sd and the 95% t-interval", () => {
    // 1..5: mean 3, sd √2.5, half-width t(0.975, 4) · √2.5/√5 = 2.776445 · 0.707107 = 1.963243.
    const summary = meanWithInterval([1, 2, 3, 4, 5])
    expect(summary.mean).toBe(3)
    expect(summary.standardDeviation).toBeCloseTo(Math.sqrt(2.5), 12)
    expect(summary.interval?.lower).toBeCloseTo(3 - 1.963243, 5)
    expect(summary.interval?.upper).toBeCloseTo(3 + 1.963243, 5)
  })

  it("one sample gets no interval instead of an invented one", () => {
    expect(meanWithInterval([7])).toEqual({ n: 1, mean: 7, standardDeviation: null, interval: null })
    expect(meanWithInterval([])).toEqual({ n: 0, mean: null, standardDeviation: null, interval: null })
  })

  it("Wilson intervals", () => {
    // 8/10 at z = 1.96: centre (0.8 + 0.19207)/1.38415 = 0.71675, half-width 0.22658 (Wilson 1927; Newcombe 1998 table I style).
    const interval = wilsonInterval(8, 10)!
    expect(interval.lower).toBeCloseTo(0.4902, 4)
    expect(interval.upper).toBeCloseTo(0.9433, 4)
    // 0/10: the upper bound is z²/(n + z²) = 3.8415/13.8415.
    expect(wilsonInterval(0, 10)!.upper).toBeCloseTo(3.841459 / 13.841459, 6)
    expect(wilsonInterval(0, 10)!.lower).toBe(0)
    expect(wilsonInterval(0, 0)).toBeNull()
  })

  it("pass@k is the unbiased 1 − C(n−c, k)/C(n, k)", () => {
    expect(passAtK(10, 3, 1)).toBeCloseTo(0.3, 12)
    // C(7,5) = 21, C(10,5) = 252.
    expect(passAtK(10, 3, 5)).toBeCloseTo(1 - 21 / 252, 12)
    expect(passAtK(10, 8, 3)).toBe(1)
    expect(passAtK(10, 0, 5)).toBe(0)
    expect(passAtK(3, 1, 5)).toBeNull()
  })

  it("pass^k is C(c, k)/C(n, k)", () => {
    // C(3,2) = 3, C(10,2) = 45.
    expect(passHatK(10, 3, 2)).toBeCloseTo(3 / 45, 12)
    expect(passHatK(10, 3, 4)).toBe(0)
    expect(passHatK(5, 5, 5)).toBe(1)
    expect(passHatK(10, 7, 1)).toBeCloseTo(0.7, 12)
  })

  it("flip rate counts changes between consecutive repeats", () => {
    expect(flipRate([true, false, true, true])).toBeCloseTo(2 / 3, 12)
    expect(flipRate([true, true, true])).toBe(0)
    expect(flipRate([false])).toBeNull()
  })
})

describe("paired tests", () => {
  it("exact McNemar on the discordant pairs", () => {
    // 9 vs 1 of 10 discordant: 2 · P(X ≤ 1 | Bin(10, ½)) = 2 · 11/1024.
    expect(mcNemarExact(9, 1)).toBeCloseTo(22 / 1024, 12)
    expect(mcNemarExact(1, 9)).toBeCloseTo(22 / 1024, 12)
    // All 5 one way: 2/32 = 0.0625, not significant; all 6: 2/64 = 0.03125.
    expect(mcNemarExact(5, 0)).toBeCloseTo(0.0625, 12)
    expect(mcNemarExact(6, 0)).toBeCloseTo(0.03125, 12)
    expect(mcNemarExact(3, 3)).toBe(1)
    expect(mcNemarExact(0, 0)).toBe(1)
  })

  it("the bootstrap is seeded: same data, same answer", () => {
    const differences = [0.5, -1, 2, 1.5, 0, 3, -0.5, 1]
    expect(pairedBootstrap(differences, { seed: 7 })).toEqual(pairedBootstrap(differences, { seed: 7 }))
    const result = pairedBootstrap(differences, { seed: 7 })!
    expect(result.meanDifference).toBeCloseTo(0.8125, 12)
    expect(result.interval.lower).toBeLessThan(result.meanDifference)
    expect(result.interval.upper).toBeGreaterThan(result.meanDifference)
  })

  it("a constant difference has a zero-width interval and the smallest p the resamples can give", () => {
    expect(pairedBootstrap([2, 2, 2])).toMatchObject({
      meanDifference: 2,
      interval: { lower: 2, upper: 2 },
      pValue: 2 / 10_001
    })
  })

  it("negating every difference mirrors the interval and keeps the p-value", () => {
    const differences = [0.3, -0.2, 1.1, 0.4, 0.9, -0.6, 0.2]
    const forward = pairedBootstrap(differences)!
    const backward = pairedBootstrap(differences.map((d) => -d))!
    expect(backward.meanDifference).toBeCloseTo(-forward.meanDifference, 12)
    expect(backward.interval.lower).toBeCloseTo(-forward.interval.upper, 12)
    expect(backward.interval.upper).toBeCloseTo(-forward.interval.lower, 12)
    expect(backward.pValue).toBeCloseTo(forward.pValue, 12)
  })

  it("minimum detectable difference is (t.975 + t.80) · sd/√n on n − 1 degrees of freedom", () => {
    // sd(1..5) = √2.5; t(0.975, 4) = 2.776445, t(0.8, 4) = 0.940965 (t tables); 3.717410 · 1.581139/2.236068.
    expect(minimumDetectableDifference([1, 2, 3, 4, 5])).toBeCloseTo(2.628634, 4)
    expect(minimumDetectableDifference([1])).toBeNull()
  })

  it("pairs needed inverts the minimum detectable difference", () => {
    const differences = [1, 2, 3, 4, 5]
    const sd = Math.sqrt(2.5)
    const mdd = minimumDetectableDifference(differences)!
    expect(pairsNeeded(mdd + 1e-9, sd)).toBe(5)
    expect(pairsNeeded(mdd - 1e-6, sd)).toBe(6)
    expect(pairsNeeded(-(mdd + 1e-9), sd)).toBe(5)
    expect(pairsNeeded(100, 1)).toBe(2)
  })

  it("pairs needed approaches the normal formula ⌈((z₁₋α/₂ + z₀.₈) · sd/d)²⌉ for small effects", () => {
    // α = 0.025: z(0.9875) = 2.241403, z(0.8) = 0.841621; (3.083024 / 0.1)² = 950.5; t adds a pair or two.
    const needed = pairsNeeded(0.1, 1, 0.025)!
    expect(needed).toBeGreaterThanOrEqual(951)
    expect(needed).toBeLessThanOrEqual(954)
    expect(pairsNeeded(1e-6, 1, 0.025)).toBeCloseTo(((2.241403 + 0.841621) / 1e-6) ** 2, -9)
  })

  it("pairs needed is null without a difference or without spread", () => {
    expect(pairsNeeded(0, 1)).toBeNull()
    expect(pairsNeeded(null, 1)).toBeNull()
    expect(pairsNeeded(1, null)).toBeNull()
    expect(pairsNeeded(1, 0)).toBeNull()
  })
})
