/**
 * Anytime-valid (sequential) comparison: tests whose error rate holds however often, and whenever, they are looked at.
 * Pass/fail: a mixture e-process over discordant pairs. Paired differences (pass/fail and scores): a betting
 * confidence sequence. Both rest on Ville's inequality: a nonnegative martingale that starts at 1 reaches 1/α with
 * probability at most α, ever. Pure and deterministic: the same pairs in the same order always give the same answer.
 */
import { Schema } from "effect"
import { logGamma } from "./Statistics.js"

/** One pair of runs: the same cell and repeat in both batches. `null` where a side has no outcome or no score. */
export interface RunPair {
  readonly basePassed: boolean
  readonly headPassed: boolean
  readonly scoreDifference: number | null
}

export interface SequentialOptions {
  /** Overall error rate of a `better`/`worse` claim, and of a "no difference of at least `minEffect`" claim. */
  readonly alpha?: number
  /** Points of the scale (pass rate in percentage points, scores in tenths of 0..10): 10 means 0.10 and 1.0. */
  readonly minEffect?: number | null
  /** Width `a` of the Beta(a, a) prior of the mixture: small a stops early on large effects. */
  readonly prior?: number
  /** Grid of candidate means of the confidence sequence. */
  readonly grid?: number
  /**
   * Whether scores are tested beside pass/fail (then each test gets α/2). Decided before the pairs come (by the
   * base batch: do its runs carry scores?), never by them; without scores pass/fail gets the whole α.
   */
  readonly scores?: boolean
}

export const defaultSequentialPrior = 1
const defaultGrid = 400
/** WSR's truncation of the bet: never stake more than this share of the capital's reach. */
const maxBet = 0.5

const logBeta = (a: number, b: number) => logGamma(a) + logGamma(b) - logGamma(a + b)

/**
 * log E_n of the mixture likelihood ratio of `headWins` of `discordant` pairs against p = 1/2, with a Beta(a, a)
 * prior on p: B(a + s, a + n − s) / B(a, a) · 2^n.
 */
export const mixtureLogEValue = (headWins: number, discordant: number, prior = defaultSequentialPrior): number =>
  logBeta(prior + headWins, prior + discordant - headWins) - logBeta(prior, prior) + discordant * Math.LN2

const logAddHalf = (a: number, b: number) => {
  const high = Math.max(a, b)
  return high === -Infinity ? -Infinity : high + Math.log(0.5 * Math.exp(a - high) + 0.5 * Math.exp(b - high))
}

/**
 * A betting confidence sequence for the mean of values in [low, high] (Waudby-Smith & Ramdas 2024, hedged capital
 * with the predictable plug-in bet): for every candidate mean m of a grid, a gambler bets on "above m" and on
 * "below m"; m leaves the sequence, for good, once the hedged capital reaches 1/α. The true mean stays with
 * probability at least 1 − α at every time at once. Mutable on purpose: simulations add thousands of values.
 */
export const makeConfidenceSequence = (low: number, high: number, alpha: number, gridSize = defaultGrid) => {
  const span = high - low
  const grid = Float64Array.from({ length: gridSize }, (_, i) => (i + 0.5) / gridSize)
  const up = new Float64Array(gridSize)
  const down = new Float64Array(gridSize)
  const excluded = new Uint8Array(gridSize)
  const threshold = Math.log(1 / alpha)
  const betScale = 2 * Math.log(2 / alpha)
  let n = 0
  let sum = 0
  let squares = 0.25
  let estimate = 0.5
  const add = (value: number) => {
    const x = Math.min(1, Math.max(0, (value - low) / span))
    const variance = squares / (n + 1)
    const t = n + 1
    const bet = Math.sqrt(betScale / (variance * t * Math.log(1 + t)))
    for (let i = 0; i < gridSize; i++) {
      if (excluded[i] === 1) continue
      const m = grid[i]!
      up[i] = up[i]! + Math.log1p(Math.min(bet, maxBet / m) * (x - m))
      down[i] = down[i]! + Math.log1p(-Math.min(bet, maxBet / (1 - m)) * (x - m))
      if (logAddHalf(up[i]!, down[i]!) >= threshold) excluded[i] = 1
    }
    n = t
    sum += x
    squares += (x - estimate) ** 2
    estimate = (0.5 + sum) / (n + 1)
  }
  /** The smallest interval holding every candidate still in; widened by one grid step so it never undercovers. */
  const interval = (): { lower: number; upper: number } | null => {
    if (n === 0) return null
    const first = excluded.indexOf(0)
    const last = excluded.lastIndexOf(0)
    // Every candidate out: only with probability α; the values' mean is all that is left to say.
    if (first === -1) return { lower: low + span * (sum / n), upper: low + span * (sum / n) }
    const step = 1 / gridSize
    return {
      lower: low + span * Math.max(0, grid[first]! - step),
      upper: low + span * Math.min(1, grid[last]! + step)
    }
  }
  return { add, interval, count: () => n }
}

export const SequentialIntervalSchema = Schema.Struct({ lower: Schema.Number, upper: Schema.Number })

export const SequentialDecision = Schema.Literal("better", "worse", "no difference of at least min-effect", "undecided")
export type SequentialDecision = typeof SequentialDecision.Type

/** What the sequential test saw and decided, as the API reports it. */
export class SequentialEvidence extends Schema.Class<SequentialEvidence>("SequentialEvidence")({
  decision: SequentialDecision,
  /** Pairs of runs (same cell and repeat in both batches), in the order the test took them: repeat by repeat. */
  pairs: Schema.Int,
  scoredPairs: Schema.Int,
  discordant: Schema.Int,
  headWins: Schema.Int,
  /** The e-value of the pass/fail test: evidence against "no difference", compared with `threshold`. */
  eValue: Schema.Number,
  threshold: Schema.Number,
  /** Time-uniform interval of the mean pass-rate difference (head − base, −1..1); null without pairs. */
  passRateInterval: Schema.NullOr(SequentialIntervalSchema),
  /** Time-uniform interval of the mean score difference (head − base, −10..10); null without scored pairs. */
  scoreInterval: Schema.NullOr(SequentialIntervalSchema),
  /** Points (of 100 on the pass rate, of 10 on scores ×10); null when no futility decision was asked for. */
  minEffect: Schema.NullOr(Schema.Number),
  alpha: Schema.Number,
  prior: Schema.Number
}) {}

/**
 * The sequential test as an accumulator: add pairs in a fixed order (never chosen by their outcomes), read the
 * evidence at any time. Each of the two tests gets α/2 (pass/fail all of α when scores are not tested), so a `better`/`worse` claim is wrong at most α of the time
 * (and so is a "no difference of at least min-effect" claim), however often it is read.
 */
export const makeSequentialTest = (options: SequentialOptions = {}) => {
  const alpha = options.alpha ?? 0.05
  const prior = options.prior ?? defaultSequentialPrior
  const minEffect = options.minEffect ?? null
  const scored = options.scores ?? true
  const perTest = scored ? alpha / 2 : alpha
  const passes = makeConfidenceSequence(-1, 1, perTest, options.grid)
  const scores = makeConfidenceSequence(-10, 10, perTest, options.grid)
  let pairs = 0
  let discordant = 0
  let headWins = 0
  const add = (pair: RunPair) => {
    pairs++
    if (pair.basePassed !== pair.headPassed) {
      discordant++
      if (pair.headPassed) headWins++
    }
    passes.add(Number(pair.headPassed) - Number(pair.basePassed))
    if (scored && pair.scoreDifference !== null) scores.add(pair.scoreDifference)
  }
  const evidence = (): SequentialEvidence => {
    const logE = mixtureLogEValue(headWins, discordant, prior)
    const passSignificant = logE >= Math.log(1 / perTest)
    const passDirection = passSignificant ? Math.sign(2 * headWins - discordant) : 0
    const passRateInterval = passes.interval()
    const scoreInterval = scores.interval()
    const scoreDirection = scoreInterval === null
      ? 0
      : scoreInterval.lower > 0
      ? 1
      : scoreInterval.upper < 0
      ? -1
      : 0
    const directions = [passDirection, scoreDirection].filter((d) => d !== 0)
    const inside = (interval: { lower: number; upper: number } | null, bound: number) =>
      interval === null || (interval.lower > -bound && interval.upper < bound)
    const equivalent = minEffect !== null && passRateInterval !== null &&
      inside(passRateInterval, minEffect / 100) && inside(scoreInterval, minEffect / 10)
    const decision: SequentialDecision = directions.length > 0 && directions.every((d) => d === directions[0])
      ? (directions[0]! > 0 ? "better" : "worse")
      : directions.length === 0 && equivalent
      ? "no difference of at least min-effect"
      : "undecided"
    return new SequentialEvidence({
      decision,
      pairs,
      scoredPairs: scores.count(),
      discordant,
      headWins,
      eValue: Math.exp(logE),
      threshold: 1 / perTest,
      passRateInterval,
      scoreInterval,
      minEffect,
      alpha,
      prior
    })
  }
  return { add, evidence }
}

/** The sequential test over pairs taken in this order, read once at the end (it may have been read before). */
export const sequentialEvidence = (pairs: Iterable<RunPair>, options: SequentialOptions = {}): SequentialEvidence => {
  const test = makeSequentialTest(options)
  for (const pair of pairs) test.add(pair)
  return test.evidence()
}
