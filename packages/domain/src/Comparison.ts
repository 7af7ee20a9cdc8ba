import { Schema } from "effect"
import type { SideFilters } from "./ComparisonSide.js"
import { comparedDimensions, ComparisonSide, comparisonSide, isOnSide } from "./ComparisonSide.js"
import type { RunPair } from "./Sequential.js"
import { SequentialEvidence, sequentialEvidence } from "./Sequential.js"
import {
  flipRate,
  isFlakyCell,
  mcNemarExact,
  mean,
  meanWithInterval,
  minimumDetectableDifference,
  minimumDiscordantPairs,
  pairedBootstrap,
  pairsNeeded,
  passAtK,
  passHatK,
  standardDeviation,
  wilsonInterval
} from "./Statistics.js"
import { isAttributableStatus } from "./Status.js"

/** What a comparison needs of a run: its cell, its outcome and its score. */
export interface ScoredRun {
  readonly suite: string
  readonly scenario: string
  readonly tier: string
  readonly agent: string
  readonly model: string | null
  /** The specialist wrapping the agent; null or absent for the plain agent. */
  readonly specialistName?: string | null
  readonly status: string
  readonly isSuccessful: boolean
  readonly weightedScore: number | null
  readonly repeat?: number | null
  readonly startedAt?: string
}

/** A run whose status says something about the agent (see `NotAttributableStatuses`). */
export const isAttributable = (run: ScoredRun) => isAttributableStatus(run.status)

export const IntervalSchema = Schema.Struct({ lower: Schema.Number, upper: Schema.Number })

export const KValue = Schema.Struct({ k: Schema.Int, value: Schema.Number })

/** A cell's repeats summarised: mean ± 95% CI, pass rate with its Wilson interval, pass@k, pass^k, flips. */
export class RepeatSummary extends Schema.Class<RepeatSummary>("RepeatSummary")({
  runs: Schema.Int,
  /** Runs whose outcome is the agent's (not infra errors, cancellations or budget stops). */
  attributableRuns: Schema.Int,
  scoredRuns: Schema.Int,
  meanScore: Schema.NullOr(Schema.Number),
  standardDeviation: Schema.NullOr(Schema.Number),
  /** Null with fewer than two scored runs: one sample gives no interval. */
  scoreInterval: Schema.NullOr(IntervalSchema),
  passes: Schema.Int,
  passRate: Schema.NullOr(Schema.Number),
  passRateInterval: Schema.NullOr(IntervalSchema),
  passAtK: Schema.Array(KValue),
  passHatK: Schema.Array(KValue),
  flipRate: Schema.NullOr(Schema.Number),
  /** Its repeats disagree: the outcome flips under the same agent (see `isFlakyCell`). */
  flaky: Schema.optionalWith(Schema.Boolean, { default: () => false })
}) {}

const kValues = (n: number, f: (k: number) => number | null) =>
  [1, 2, 3, 5, 10].filter((k) => k <= n).flatMap((k) => {
    const value = f(k)
    return value === null ? [] : [{ k, value }]
  })

const byRepeatThenStart = (a: ScoredRun, b: ScoredRun) =>
  (a.repeat ?? 0) - (b.repeat ?? 0) || (a.startedAt ?? "").localeCompare(b.startedAt ?? "")

export const summarizeRepeats = (runs: ReadonlyArray<ScoredRun>): RepeatSummary => {
  const attributable = runs.filter(isAttributable).slice().sort(byRepeatThenStart)
  const scores = attributable.flatMap((run) => (run.weightedScore === null ? [] : [run.weightedScore]))
  const outcomes = attributable.map((run) => run.isSuccessful)
  const passes = outcomes.filter(Boolean).length
  const n = attributable.length
  const score = meanWithInterval(scores)
  return new RepeatSummary({
    runs: runs.length,
    attributableRuns: n,
    scoredRuns: scores.length,
    meanScore: score.mean,
    standardDeviation: score.standardDeviation,
    // Scores live on 0..10: a t-interval over a few repeats can overshoot, so it is clipped to the scale.
    scoreInterval: score.interval === null
      ? null
      : { lower: Math.max(0, score.interval.lower), upper: Math.min(10, score.interval.upper) },
    passes,
    passRate: n === 0 ? null : passes / n,
    passRateInterval: wilsonInterval(passes, n),
    passAtK: kValues(n, (k) => passAtK(n, passes, k)),
    passHatK: kValues(n, (k) => passHatK(n, passes, k)),
    flipRate: flipRate(outcomes),
    flaky: isFlakyCell(n, passes)
  })
}

/**
 * A paired cell: suite, scenario and tier, plus agent and model when a batch holds several of them, and the
 * specialist of a specialist run there (absent for the plain agent).
 */
export const CellKey = Schema.Struct({
  suite: Schema.String,
  scenario: Schema.String,
  tier: Schema.String,
  agent: Schema.optional(Schema.String),
  model: Schema.optional(Schema.NullOr(Schema.String)),
  specialist: Schema.optional(Schema.String)
})
export type CellKey = typeof CellKey.Type

export const cellKeyOf = (run: CellKey): CellKey => ({
  suite: run.suite,
  scenario: run.scenario,
  tier: run.tier,
  ...(run.agent === undefined ? {} : { agent: run.agent }),
  ...(run.model === undefined ? {} : { model: run.model }),
  ...(run.specialist === undefined ? {} : { specialist: run.specialist })
})
const keyText = (key: CellKey) =>
  JSON.stringify([key.suite, key.scenario, key.tier, key.agent ?? null, key.model ?? null, key.specialist ?? null])

export class ComparedCell extends Schema.Class<ComparedCell>("ComparedCell")({
  ...CellKey.fields,
  base: RepeatSummary,
  head: RepeatSummary,
  /** head − base of the repeat-averaged scores; null when either side has no score. */
  scoreDifference: Schema.NullOr(Schema.Number),
  /** For McNemar's test a cell passes when at least half of its attributable repeats pass. */
  basePassed: Schema.NullOr(Schema.Boolean),
  headPassed: Schema.NullOr(Schema.Boolean)
}) {}

/** A cell both batches ran on different versions of its scenario: listed, and left out of the verdict. */
export const ChangedCell = Schema.Struct({
  ...CellKey.fields,
  baseFingerprint: Schema.String,
  headFingerprint: Schema.String,
  reason: Schema.String
})
export type ChangedCell = typeof ChangedCell.Type

export const Verdict = Schema.Literal("better", "worse", "no detectable difference", "insufficient evidence")
export type Verdict = typeof Verdict.Type

/**
 * `fixed`: the bootstrap and McNemar tests, valid for one look at a design fixed in advance. `sequential`: the
 * anytime-valid tests (see Sequential.ts), valid however often the comparison is repeated as runs are added.
 */
export const ComparisonMode = Schema.Literal("fixed", "sequential")
export type ComparisonMode = typeof ComparisonMode.Type

export class BatchComparison extends Schema.Class<BatchComparison>("BatchComparison")({
  baseBatchId: Schema.String,
  headBatchId: Schema.String,
  /** What each side is: its batch, the filters that narrowed it, and both in words (read them as `baseSide`). */
  base: Schema.optional(ComparisonSide),
  head: Schema.optional(ComparisonSide),
  verdict: Verdict,
  /** Which test produced the verdict. */
  mode: Schema.optionalWith(ComparisonMode, { default: () => "fixed" as const }),
  /** Why the verdict is what it is, in one sentence. */
  reason: Schema.String,
  pairs: Schema.Int,
  score: Schema.Struct({
    pairs: Schema.Int,
    baseMean: Schema.NullOr(Schema.Number),
    headMean: Schema.NullOr(Schema.Number),
    meanDifference: Schema.NullOr(Schema.Number),
    interval: Schema.NullOr(IntervalSchema),
    pValue: Schema.NullOr(Schema.Number),
    minimumDetectableDifference: Schema.NullOr(Schema.Number),
    /**
     * Paired cells a true mean difference of the observed size would need to be detected with 80% power by the score
     * test at its level (alpha/2, two-sided), from the spread of the observed differences; null without either.
     */
    pairsNeeded: Schema.optionalWith(Schema.NullOr(Schema.Int), { default: () => null })
  }),
  passFail: Schema.Struct({
    pairs: Schema.Int,
    /** Mean over the paired cells of each cell's pass rate (its repeats' share of passes). */
    basePassRate: Schema.NullOr(Schema.Number),
    headPassRate: Schema.NullOr(Schema.Number),
    improved: Schema.Int,
    regressed: Schema.Int,
    pValue: Schema.Number
  }),
  flippedToPass: Schema.Array(CellKey),
  flippedToFail: Schema.Array(CellKey),
  onlyInBase: Schema.Array(CellKey),
  onlyInHead: Schema.Array(CellKey),
  /** Cells whose scenario fingerprint differs between the batches: a different task, so not compared. */
  changedScenario: Schema.optionalWith(Schema.Array(ChangedCell), { default: () => [] }),
  cells: Schema.Array(ComparedCell),
  /** The sequential test's evidence (mode `sequential`); null in mode `fixed`. */
  sequential: Schema.optionalWith(Schema.NullOr(SequentialEvidence), { default: () => null }),
  method: Schema.Struct({
    alpha: Schema.Number,
    minimumPairs: Schema.Int,
    bootstrapResamples: Schema.Int,
    seed: Schema.Int
  })
}) {
  /** The base side; an answer from a server older than the side filters names only its batch. */
  get baseSide(): ComparisonSide {
    return this.base ?? comparisonSide(this.baseBatchId, {})
  }
  get headSide(): ComparisonSide {
    return this.head ?? comparisonSide(this.headBatchId, {})
  }
}

export interface ComparisonOptions {
  readonly alpha?: number
  /** Below this many pairs the verdict is `insufficient evidence` unless a test is already significant. */
  readonly minimumPairs?: number
  readonly resamples?: number
  readonly seed?: number
  readonly mode?: ComparisonMode
  /** Sequential mode: points (of 100 pass-rate points, or of a 0..10 score ×10) below which "no difference" may be said. */
  readonly minEffect?: number | null
}

/** Which of a run's agent, model and specialist its cell names; what the sides compare is left out. */
interface Pairing {
  readonly agent: boolean
  readonly model: boolean
  readonly specialist: boolean
}

const identityOf = (run: ScoredRun, pairing: Pairing) => ({
  ...(pairing.agent ? { agent: run.agent } : {}),
  ...(pairing.model ? { model: run.model } : {}),
  ...(pairing.specialist && (run.specialistName ?? null) !== null ? { specialist: run.specialistName! } : {})
})

const identities = (runs: ReadonlyArray<ScoredRun>, pairing: Pairing) =>
  new Set(runs.map((run) => JSON.stringify(identityOf(run, pairing))))

/** p-values as people read them: three decimals, and "p < 0.001" below that. */
export const formatP = (p: number) => (p < 0.001 ? "p < 0.001" : `p = ${p.toFixed(3)}`)

const groupByCell = (runs: ReadonlyArray<ScoredRun>, pairing: Pairing | null) => {
  const cells = new Map<string, { key: CellKey; runs: Array<ScoredRun> }>()
  for (const run of runs) {
    const key: CellKey = {
      suite: run.suite,
      scenario: run.scenario,
      tier: run.tier,
      ...(pairing === null ? {} : identityOf(run, pairing))
    }
    const entry = cells.get(keyText(key)) ?? { key, runs: [] }
    entry.runs.push(run)
    cells.set(keyText(key), entry)
  }
  return cells
}

const cellPassed = (summary: RepeatSummary) => (summary.passRate === null ? null : summary.passRate >= 0.5)

const compareKeys = (a: CellKey, b: CellKey) => keyText(a).localeCompare(keyText(b))

/** A cell's runs paired repeat by repeat (attributable runs only, in repeat order); extra repeats stay unpaired. */
const pairRepeats = (base: ReadonlyArray<ScoredRun>, head: ReadonlyArray<ScoredRun>): ReadonlyArray<RunPair> => {
  const ordered = (runs: ReadonlyArray<ScoredRun>) => runs.filter(isAttributable).slice().sort(byRepeatThenStart)
  const [b, h] = [ordered(base), ordered(head)]
  return Array.from({ length: Math.min(b.length, h.length) }, (_, i) => ({
    basePassed: b[i]!.isSuccessful,
    headPassed: h[i]!.isSuccessful,
    scoreDifference: b[i]!.weightedScore === null || h[i]!.weightedScore === null
      ? null
      : h[i]!.weightedScore! - b[i]!.weightedScore!
  }))
}

/** The order the sequential test takes pairs in: every cell's first repeat, then every cell's second, and so on. */
const roundByRound = (cells: ReadonlyArray<{ key: CellKey; pairs: ReadonlyArray<RunPair> }>) => {
  const sorted = cells.slice().sort((a, b) => compareKeys(a.key, b.key))
  const rounds = Math.max(0, ...sorted.map((cell) => cell.pairs.length))
  return Array.from({ length: rounds }, (_, r) => sorted.flatMap((cell) => cell.pairs[r] ?? [])).flat()
}

const formatInterval = (interval: { lower: number; upper: number } | null, scale: number, unit: string) =>
  interval === null
    ? "none yet"
    : `${(interval.lower * scale).toFixed(1)} to ${(interval.upper * scale).toFixed(1)} ${unit}`

/** The verdict of the sequential test, with its evidence in words. */
export const sequentialVerdict = (evidence: SequentialEvidence): { verdict: Verdict; reason: string } => {
  const intervals = `pass rate ${formatInterval(evidence.passRateInterval, 100, "points")}` +
    (evidence.scoreInterval === null ? "" : `, score ${formatInterval(evidence.scoreInterval, 1, "")}`.trimEnd())
  const evidenceText = `e-value ${evidence.eValue.toPrecision(3)} of ${evidence.threshold} on ${evidence.discordant} ` +
    `discordant of ${evidence.pairs} paired runs; ${intervals}`
  const valid = "valid however often it is checked"
  switch (evidence.decision) {
    case "better":
    case "worse":
      return {
        verdict: evidence.decision,
        reason: `Head is ${evidence.decision} than base (sequential test: ${evidenceText}; ${valid}).`
      }
    case "no difference of at least min-effect":
      return {
        verdict: "no detectable difference",
        reason: `No difference of ${evidence.minEffect} points or more (sequential test: ${evidenceText}; ${valid}).`
      }
    case "undecided":
      return {
        verdict: "insufficient evidence",
        reason: `Not decided yet (sequential test: ${evidenceText}${
          evidence.minEffect === null ? "" : `; a difference of ${evidence.minEffect} points is not yet ruled out`
        }): add repeats and compare again.`
      }
  }
}

/**
 * Paired comparison of two batches. Cells are paired by suite, scenario and tier, their repeats averaged.
 * Scores: a seeded paired bootstrap of the mean difference. Pass/fail: an exact McNemar test. The verdict is
 * `better`/`worse` when either test is significant at `alpha` (and both agree on the direction; the bootstrap
 * counts only from `minimumPairs` scored pairs), `insufficient
 * evidence` when nothing is significant and there are fewer than `minimumPairs` pairs, else `no detectable
 * difference` (with the minimum detectable difference saying how small a change could have been seen).
 */
export interface ComparedBatch {
  readonly batchId: string
  readonly runs: ReadonlyArray<ScoredRun>
  /** Scenario fingerprints by `suite/scenario`, as the harness records them in the batch metadata. */
  readonly fingerprints?: Readonly<Record<string, string>>
  /** Narrows the batch to one side's runs (a specialist, `none`, an agent, a model); none: the whole batch. */
  readonly filters?: SideFilters
}

/**
 * The sides' runs and how their cells pair: each side keeps the runs its filters name; what the filters compare
 * (different specialists, agents or models on the two sides) is left out of the cell, and the rest of agent, model
 * and specialist is in it when a side holds several, so different agents are never averaged together.
 */
const sidesOf = (base: ComparedBatch, head: ComparedBatch) => {
  const [baseFilters, headFilters] = [base.filters ?? {}, head.filters ?? {}]
  const baseRuns = base.runs.filter(isOnSide(baseFilters))
  const headRuns = head.runs.filter(isOnSide(headFilters))
  const compared = comparedDimensions(baseFilters, headFilters)
  const pairing: Pairing = {
    agent: !compared.agent,
    model: !compared.model,
    specialist: baseFilters.specialist === headFilters.specialist
  }
  const several = identities(baseRuns, pairing).size > 1 || identities(headRuns, pairing).size > 1
  return {
    baseRuns,
    headRuns,
    pairing: several ? pairing : null,
    base: comparisonSide(base.batchId, baseFilters),
    head: comparisonSide(head.batchId, headFilters),
    narrowed: Object.keys(baseFilters).length > 0 || Object.keys(headFilters).length > 0
  }
}

export const compareBatches = (
  base: ComparedBatch,
  head: ComparedBatch,
  options: ComparisonOptions = {}
): BatchComparison => {
  const alpha = options.alpha ?? 0.05
  const minimumPairs = options.minimumPairs ?? 5
  const resamples = options.resamples ?? 10_000
  const seed = options.seed ?? 20_261_129
  const sides = sidesOf(base, head)
  const baseCells = groupByCell(sides.baseRuns, sides.pairing)
  const headCells = groupByCell(sides.headRuns, sides.pairing)

  const cells: Array<ComparedCell> = []
  const cellPairs: Array<{ key: CellKey; pairs: ReadonlyArray<RunPair> }> = []
  const changedScenario: Array<ChangedCell> = []
  for (const [text, { key, runs }] of baseCells) {
    const other = headCells.get(text)
    if (other === undefined) continue
    const baseFingerprint = base.fingerprints?.[`${key.suite}/${key.scenario}`]
    const headFingerprint = head.fingerprints?.[`${key.suite}/${key.scenario}`]
    if (baseFingerprint !== undefined && headFingerprint !== undefined && baseFingerprint !== headFingerprint) {
      changedScenario.push({
        ...key,
        baseFingerprint,
        headFingerprint,
        reason:
          `${key.suite}/${key.scenario} changed between the batches (its scenario.yaml, prompts, fixture or solution): a different task`
      })
      continue
    }
    const baseSummary = summarizeRepeats(runs)
    const headSummary = summarizeRepeats(other.runs)
    cellPairs.push({ key, pairs: pairRepeats(runs, other.runs) })
    cells.push(
      new ComparedCell({
        ...key,
        base: baseSummary,
        head: headSummary,
        scoreDifference: baseSummary.meanScore === null || headSummary.meanScore === null
          ? null
          : headSummary.meanScore - baseSummary.meanScore,
        basePassed: cellPassed(baseSummary),
        headPassed: cellPassed(headSummary)
      })
    )
  }
  cells.sort(compareKeys)
  const onlyIn = (mine: typeof baseCells, theirs: typeof baseCells) =>
    [...mine.entries()].filter(([text]) => !theirs.has(text)).map(([, { key }]) => key).sort(compareKeys)

  const scored = cells.filter((cell) => cell.scoreDifference !== null)
  const differences = scored.map((cell) => cell.scoreDifference!)
  const bootstrap = pairedBootstrap(differences, { resamples, seed })
  const decided = cells.filter((cell) => cell.basePassed !== null && cell.headPassed !== null)
  const flippedToPass = decided.filter((cell) => !cell.basePassed && cell.headPassed)
  const flippedToFail = decided.filter((cell) => cell.basePassed && !cell.headPassed)
  const mcNemarP = mcNemarExact(flippedToPass.length, flippedToFail.length)

  // Two tests decide, so each is held to alpha/2 (Bonferroni) and the verdict's false-alarm rate stays at alpha.
  // A bootstrap over a handful of pairs is overconfident (two equal differences give a zero-width interval):
  // the score test counts only from `minimumPairs` pairs. The exact McNemar test is valid at any size.
  const perTest = alpha / 2
  const scoreSignificant = bootstrap !== null && differences.length >= minimumPairs && bootstrap.pValue < perTest
  const scoreDirection = bootstrap === null ? 0 : Math.sign(bootstrap.meanDifference)
  const passDirection = Math.sign(flippedToPass.length - flippedToFail.length)
  const passSignificant = mcNemarP < perTest
  const pairs = cells.length
  const directions = [
    ...(scoreSignificant ? [scoreDirection] : []),
    ...(passSignificant ? [passDirection] : [])
  ].filter((direction) => direction !== 0)
  const mdd = minimumDetectableDifference(differences)
  const needed = pairsNeeded(bootstrap?.meanDifference ?? null, standardDeviation(differences), perTest)

  const sequential = options.mode === "sequential"
    ? sequentialEvidence(roundByRound(cellPairs), {
      alpha,
      minEffect: options.minEffect ?? null,
      scores: sides.baseRuns.some((run) => isAttributable(run) && run.weightedScore !== null)
    })
    : null

  const { verdict, reason } = ((): { verdict: Verdict; reason: string } => {
    if (pairs === 0) {
      return {
        verdict: "insufficient evidence",
        reason: changedScenario.length === 0
          ? `The ${sides.narrowed ? "sides" : "batches"} share no suite/scenario/tier cell.`
          : `The ${
            sides.narrowed ? "sides" : "batches"
          } share no cell of an unchanged scenario (${changedScenario.length} left out: their scenario changed).`
      }
    }
    if (sequential !== null) return sequentialVerdict(sequential)
    if (directions.length > 0 && directions.every((d) => d === directions[0])) {
      const better = directions[0]! > 0
      const tests = [
        scoreSignificant ? `score bootstrap ${formatP(bootstrap!.pValue)}` : "",
        passSignificant ? `McNemar ${formatP(mcNemarP)}` : ""
      ]
        .filter((text) => text.length > 0).join("; ")
      return {
        verdict: better ? "better" : "worse",
        reason: `Head is ${
          better ? "better" : "worse"
        } than base (${tests}; each test at ${perTest} so both together stay at ${alpha}).`
      }
    }
    if (directions.length > 0) {
      return { verdict: "insufficient evidence", reason: "Scores and pass/fail point in opposite directions." }
    }
    if (pairs < minimumPairs) {
      return {
        verdict: "insufficient evidence",
        reason: `Only ${pairs} paired cell${pairs === 1 ? "" : "s"}: at least ${minimumPairs} are needed to tell.`
      }
    }
    const flipsNeeded = minimumDiscordantPairs(perTest)
    const passPower = `pass/fail needs at least ${flipsNeeded} cells flipping the same way`
    const observed = needed === null
      ? ""
      : `; a difference of this size (${
        Math.abs(bootstrap!.meanDifference).toFixed(2)
      }) would need about ${needed} pairs`
    return {
      verdict: "no detectable difference",
      reason: mdd === null
        ? `Neither test is significant (${passPower})${observed}.`
        : `Neither test is significant; with ${differences.length} pairs only a mean score change of about ${
          mdd.toFixed(2)
        } or more would be detected, and ${passPower}${observed}.`
    }
  })()

  return new BatchComparison({
    baseBatchId: base.batchId,
    headBatchId: head.batchId,
    base: sides.base,
    head: sides.head,
    verdict,
    mode: options.mode ?? "fixed",
    reason,
    pairs,
    score: {
      pairs: scored.length,
      baseMean: mean(scored.map((cell) => cell.base.meanScore!)),
      headMean: mean(scored.map((cell) => cell.head.meanScore!)),
      meanDifference: bootstrap?.meanDifference ?? null,
      // Below `minimumPairs` a bootstrap interval is only the spread of a handful of values: not reported.
      interval: differences.length >= minimumPairs && bootstrap !== null ? bootstrap.interval : null,
      pValue: differences.length >= minimumPairs && bootstrap !== null ? bootstrap.pValue : null,
      minimumDetectableDifference: mdd,
      pairsNeeded: needed
    },
    passFail: {
      pairs: decided.length,
      basePassRate: mean(decided.map((cell) => cell.base.passRate!)),
      headPassRate: mean(decided.map((cell) => cell.head.passRate!)),
      improved: flippedToPass.length,
      regressed: flippedToFail.length,
      pValue: mcNemarP
    },
    flippedToPass: flippedToPass.map(cellKeyOf),
    flippedToFail: flippedToFail.map(cellKeyOf),
    onlyInBase: onlyIn(baseCells, headCells),
    onlyInHead: onlyIn(headCells, baseCells),
    changedScenario: changedScenario.sort(compareKeys),
    cells,
    sequential,
    method: { alpha, minimumPairs, bootstrapResamples: resamples, seed }
  })
}

/** One cell of a batch (suite, scenario, tier, agent, model, specialist) with its repeats summarised. */
export class CellSummary extends Schema.Class<CellSummary>("CellSummary")({
  ...CellKey.fields,
  agent: Schema.String,
  model: Schema.NullOr(Schema.String),
  summary: RepeatSummary
}) {}

/** Every cell of a batch summarised over its repeats, in a stable order. */
export const summarizeCells = (runs: ReadonlyArray<ScoredRun>): ReadonlyArray<CellSummary> => {
  const cells = new Map<string, Array<ScoredRun>>()
  for (const run of runs) {
    const key = JSON.stringify([run.suite, run.scenario, run.tier, run.agent, run.model, run.specialistName ?? null])
    cells.set(key, [...(cells.get(key) ?? []), run])
  }
  return [...cells.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, cellRuns]) => {
      const first = cellRuns[0]!
      return new CellSummary({
        ...cellKeyOf(first),
        agent: first.agent,
        model: first.model,
        ...(first.specialistName ? { specialist: first.specialistName } : {}),
        summary: summarizeRepeats(cellRuns)
      })
    })
}
