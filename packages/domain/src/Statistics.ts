/**
 * Statistics for noisy agent results: pure functions, shared by the server, the CLI and the dashboard.
 * Conventions: intervals are two-sided at 95%; a function that cannot honestly answer (too few samples)
 * returns `null` rather than inventing a number.
 */

export const Z_975 = 1.959963984540054
/** z for 80% power (one-sided 0.8 quantile of the standard normal). */
export const Z_80 = 0.8416212335729143

export interface Interval {
  readonly lower: number
  readonly upper: number
}

export const mean = (values: ReadonlyArray<number>): number | null =>
  values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length

/** Sample standard deviation (n − 1 in the denominator); null below two values. */
export const standardDeviation = (values: ReadonlyArray<number>): number | null => {
  const average = mean(values)
  if (average === null || values.length < 2) return null
  const squares = values.reduce((sum, value) => sum + (value - average) ** 2, 0)
  return Math.sqrt(squares / (values.length - 1))
}

// Lanczos approximation of ln Γ(x) (g = 7, 9 coefficients), accurate to ~1e-15 for x > 0.
const lanczos = [
  0.99999999999980993,
  676.5203681218851,
  -1259.1392167224028,
  771.32342877765313,
  -176.61502916214059,
  12.507343278686905,
  -0.13857109526572012,
  9.9843695780195716e-6,
  1.5056327351493116e-7
]
export const logGamma = (x: number): number => {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x)
  const shifted = x - 1
  let series = lanczos[0]!
  for (let i = 1; i < lanczos.length; i++) series += lanczos[i]! / (shifted + i)
  const t = shifted + 7.5
  return 0.5 * Math.log(2 * Math.PI) + (shifted + 0.5) * Math.log(t) - t + Math.log(series)
}

// Continued fraction of the incomplete beta function, evaluated with the modified Lentz method.
const betaContinuedFraction = (a: number, b: number, x: number) => {
  const tiny = 1e-300
  let c = 1
  let d = 1 - ((a + b) * x) / (a + 1)
  d = 1 / (Math.abs(d) < tiny ? tiny : d)
  let result = d
  for (let m = 1; m <= 300; m++) {
    const even = (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m))
    d = 1 / (Math.abs(1 + even * d) < tiny ? tiny : 1 + even * d)
    c = Math.abs(1 + even / c) < tiny ? tiny : 1 + even / c
    result *= d * c
    const odd = (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1))
    d = 1 / (Math.abs(1 + odd * d) < tiny ? tiny : 1 + odd * d)
    c = Math.abs(1 + odd / c) < tiny ? tiny : 1 + odd / c
    const step = d * c
    result *= step
    if (Math.abs(step - 1) < 1e-15) break
  }
  return result
}

/** The regularised incomplete beta function I_x(a, b). */
export const incompleteBeta = (x: number, a: number, b: number): number => {
  if (x <= 0) return 0
  if (x >= 1) return 1
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x))
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(a, b, x)) / a
    : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom. */
export const studentTCdf = (t: number, df: number): number => {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5)
  return t >= 0 ? 1 - tail : tail
}

/** The t value with P(T ≤ t) = p, found by bisection on the exact CDF. */
export const studentTQuantile = (p: number, df: number): number => {
  if (p === 0.5) return 0
  if (p < 0.5) return -studentTQuantile(1 - p, df)
  let [low, high] = [0, 1]
  while (studentTCdf(high, df) < p) high *= 2
  for (let i = 0; i < 200 && high - low > 1e-12; i++) {
    const middle = (low + high) / 2
    if (studentTCdf(middle, df) < p) low = middle
    else high = middle
  }
  return (low + high) / 2
}

export interface MeanSummary {
  readonly n: number
  readonly mean: number | null
  readonly standardDeviation: number | null
  /** 95% t-interval of the mean; null when n < 2 (one sample says nothing about spread). */
  readonly interval: Interval | null
}

export const meanWithInterval = (values: ReadonlyArray<number>): MeanSummary => {
  const average = mean(values)
  const sd = standardDeviation(values)
  if (average === null || sd === null) return { n: values.length, mean: average, standardDeviation: sd, interval: null }
  const half = studentTQuantile(0.975, values.length - 1) * (sd / Math.sqrt(values.length))
  return {
    n: values.length,
    mean: average,
    standardDeviation: sd,
    interval: { lower: average - half, upper: average + half }
  }
}

/**
 * The same summary from moments (count, mean, sum of squares), as SQL aggregates return them; the variance is
 * clamped at 0 against rounding.
 */
export const meanWithIntervalFromMoments = (
  n: number,
  average: number | null,
  sumOfSquares: number | null
): MeanSummary => {
  if (average === null || sumOfSquares === null || n < 2) {
    return { n, mean: average, standardDeviation: null, interval: null }
  }
  const sd = Math.sqrt(Math.max(0, (sumOfSquares - n * average * average) / (n - 1)))
  const half = studentTQuantile(0.975, n - 1) * (sd / Math.sqrt(n))
  return { n, mean: average, standardDeviation: sd, interval: { lower: average - half, upper: average + half } }
}

/** Wilson score interval of a proportion (better than the normal approximation at small n and near 0 or 1). */
export const wilsonInterval = (successes: number, trials: number, z = Z_975): Interval | null => {
  if (trials === 0) return null
  const p = successes / trials
  const z2 = z * z
  const denominator = 1 + z2 / trials
  const center = (p + z2 / (2 * trials)) / denominator
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator
  // At 0 or n successes one bound is exactly 0 or 1; rounding would leave 5e-17.
  const clean = (value: number) => (Math.abs(value) < 1e-12 ? 0 : Math.abs(1 - value) < 1e-12 ? 1 : value)
  return { lower: clean(Math.max(0, center - half)), upper: clean(Math.min(1, center + half)) }
}

/**
 * pass@k: the chance that at least one of k attempts drawn from the n observed passes, estimated without bias
 * as 1 − C(n−c, k)/C(n, k), computed as a product to stay exact for large n. Null when k > n.
 */
export const passAtK = (n: number, c: number, k: number): number | null => {
  if (k > n || k < 1) return null
  if (n - c < k) return 1
  let allFail = 1
  for (let i = n - c + 1; i <= n; i++) allFail *= 1 - k / i
  return 1 - allFail
}

/** pass^k: the chance that k attempts drawn from the n observed all pass, C(c, k)/C(n, k). Null when k > n. */
export const passHatK = (n: number, c: number, k: number): number | null => {
  if (k > n || k < 1) return null
  let allPass = 1
  for (let i = 0; i < k; i++) allPass *= (c - i) / (n - i)
  return Math.max(0, allPass)
}

/** Share of consecutive repeats whose outcome differs from the one before; null below two repeats. */
export const flipRate = (outcomes: ReadonlyArray<boolean>): number | null => {
  if (outcomes.length < 2) return null
  let flips = 0
  for (let i = 1; i < outcomes.length; i++) if (outcomes[i] !== outcomes[i - 1]) flips++
  return flips / (outcomes.length - 1)
}

/**
 * A flaky cell: at least two attributable repeats under the same agent whose outcomes disagree (some pass, some
 * fail), so its flip rate is above 0. The one rule for `ze stats`, the API, batch views and `ze suites check`.
 */
export const isFlakyCell = (attributableRuns: number, passes: number): boolean =>
  attributableRuns >= 2 && passes > 0 && passes < attributableRuns

const logChoose = (n: number, k: number) => logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1)

/** P(X ≤ x) for X ~ Binomial(n, 1/2). */
export const binomialHalfCdf = (x: number, n: number): number => {
  let total = 0
  for (let i = 0; i <= x; i++) total += Math.exp(logChoose(n, i) - n * Math.LN2)
  return Math.min(1, total)
}

/**
 * Exact McNemar test: of the discordant pairs, `improved` went fail → pass and `regressed` pass → fail.
 * Two-sided p-value of a binomial test with p = 1/2 on the discordant pairs; 1 when there are none.
 */
export const mcNemarExact = (improved: number, regressed: number): number => {
  const discordant = improved + regressed
  if (discordant === 0) return 1
  return Math.min(1, 2 * binomialHalfCdf(Math.min(improved, regressed), discordant))
}

/** A small seeded generator (mulberry32): the same seed always gives the same stream. */
export const seededRandom = (seed: number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface BootstrapResult {
  readonly meanDifference: number
  readonly interval: Interval
  /** Two-sided bootstrap p-value for "the mean difference is 0". */
  readonly pValue: number
  readonly resamples: number
}

/**
 * Paired bootstrap of the mean of `differences` (head − base per pair): resample pairs with replacement, seeded,
 * so the same data always gives the same answer. Null without data.
 *
 * A plain percentile interval is too narrow for the few pairs agent benchmarks have (it uses the /n variance and
 * normal tails), so the resampled means are spread about the observed mean by √(n/(n−1)) · t(0.975, n−1)/z(0.975):
 * the "expanded percentile" interval (Hesterberg, "What Teachers Should Know About the Bootstrap", 2015). The
 * p-value is read from the same expanded distribution.
 */
export const pairedBootstrap = (
  differences: ReadonlyArray<number>,
  options: { readonly resamples?: number; readonly seed?: number } = {}
): BootstrapResult | null => {
  const observed = mean(differences)
  if (observed === null) return null
  const resamples = options.resamples ?? 10_000
  const random = seededRandom(options.seed ?? 0x5eed)
  const n = differences.length
  const means = new Float64Array(resamples)
  for (let r = 0; r < resamples; r++) {
    let sum = 0
    for (let i = 0; i < n; i++) sum += differences[Math.floor(random() * n)]!
    means[r] = sum / n
  }
  const expansion = n < 2 ? 1 : Math.sqrt(n / (n - 1)) * (studentTQuantile(0.975, n - 1) / Z_975)
  for (let r = 0; r < resamples; r++) means[r] = observed + (means[r]! - observed) * expansion
  means.sort()
  // Rounded indices of (resamples − 1)·q pair up symmetrically, so negating the data mirrors the interval.
  const at = (q: number) => means[Math.round(q * (resamples - 1))]!
  let atOrBelowZero = 0
  let atOrAboveZero = 0
  for (const value of means) {
    if (value <= 0) atOrBelowZero++
    if (value >= 0) atOrAboveZero++
  }
  // The "add one" estimate (Davison & Hinkley 1997): never exactly 0, since 0 of B resamples is no proof.
  const pValue = Math.min(1, (2 * (Math.min(atOrBelowZero, atOrAboveZero) + 1)) / (resamples + 1))
  return { meanDifference: observed, interval: { lower: at(0.025), upper: at(0.975) }, pValue, resamples }
}

/** The fewest discordant pairs, all one way, with which the exact McNemar test can reach p < `alpha`. */
export const minimumDiscordantPairs = (alpha: number): number => {
  let pairs = 1
  while (2 * 0.5 ** pairs >= alpha) pairs++
  return pairs
}

/**
 * Smallest true mean difference a paired comparison of this size would detect with 80% power at α = 0.05,
 * with Student's t for small samples: (t₀.₉₇₅ + t₀.₈) · sd / √n on n − 1 degrees of freedom. Null below two pairs.
 */
export const minimumDetectableDifference = (differences: ReadonlyArray<number>): number | null => {
  const sd = standardDeviation(differences)
  // Identical differences say nothing about the noise: no honest detectable size.
  if (sd === null || sd === 0) return null
  const df = differences.length - 1
  return ((studentTQuantile(0.975, df) + studentTQuantile(0.8, df)) * sd) / Math.sqrt(differences.length)
}

/**
 * Paired cells a mean difference of `difference` would need to be detected with `power` by a two-sided test at
 * `alpha`, given the standard deviation `sd` of the per-pair differences: the smallest n with
 * (t(1 − α/2) + t(power)) · sd/√n ≤ |difference| on n − 1 degrees of freedom, the inverse of
 * `minimumDetectableDifference`. Null without a difference or without spread.
 */
export const pairsNeeded = (
  difference: number | null,
  sd: number | null,
  alpha = 0.05,
  power = 0.8
): number | null => {
  if (difference === null || sd === null || difference === 0 || !(sd > 0) || !Number.isFinite(difference)) return null
  const effect = Math.abs(difference) / sd
  // Past a million pairs t is the normal distribution to 6 digits (and the t CDF loses precision).
  const quantiles = (df: number) => studentTQuantile(1 - alpha / 2, df) + studentTQuantile(power, df)
  const normal = Math.ceil((quantiles(1e6) / effect) ** 2)
  if (normal > 1e6) return normal
  const detects = (n: number) => quantiles(n - 1) / Math.sqrt(n) <= effect
  let [low, high] = [1, Math.max(2, normal)]
  while (!detects(high)) [low, high] = [high, high * 2]
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2)
    if (detects(middle)) high = middle
    else low = middle
  }
  return high
}
