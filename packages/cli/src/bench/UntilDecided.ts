import { ZeClient } from "@ze/client"
import type { BatchComparison } from "@ze/domain"
import type { BatchSummary, CellResult, MatrixSpec } from "@ze/harness"
import { Console, Effect, Option, Ref } from "effect"
import { bold } from "../Ansi.js"
import type { StopReason, UntilDecidedDocument } from "../Documents.js"
import { BatchBudget, unreserved } from "./Budget.js"

export interface UntilDecidedOptions<E, R> {
  readonly spec: MatrixSpec
  readonly batchId: string
  readonly baseline: string
  readonly minEffect: Option.Option<number>
  readonly maxRepeats: number
  readonly maxCost: Option.Option<number>
  /** Runs one round: the matrix with one more repeat, the earlier ones already stored (resume). */
  readonly runRound: (spec: MatrixSpec, resume: boolean) => Effect.Effect<BatchSummary, E, R>
}

/** The comparison `--until-decided` reads after each round: sequential, so reading it every round stays honest. */
export const sequentialHow = (minEffect: Option.Option<number>) => ({
  mode: "sequential" as const,
  ...Option.match(minEffect, { onNone: () => ({}), onSome: (points) => ({ minEffect: points }) })
})

const merge = (first: BatchSummary, rounds: ReadonlyArray<BatchSummary>): BatchSummary => {
  const last = rounds.at(-1) ?? first
  const results: ReadonlyArray<CellResult> = rounds.flatMap((round) => round.results)
  const byStatus: Record<string, number> = {}
  for (const result of results) byStatus[result.status] = (byStatus[result.status] ?? 0) + 1
  return { ...last, alreadyDone: first.alreadyDone, results, byStatus }
}

const budgetSpent = (maxCost: Option.Option<number>, round: BatchSummary) =>
  Effect.gen(function*() {
    if (Option.isNone(maxCost)) return false
    const state = yield* Ref.get(yield* BatchBudget)
    const stopped = round.results.some((result) => result.status === "budget_exceeded")
    return stopped || unreserved(state, maxCost.value) <= 0
  })

/**
 * `ze bench --until-decided`: one repeat of every cell per round, then the sequential comparison with the baseline;
 * stops when it decides, when the baseline has no repeat left to pair with, or at --max-repeats / --max-cost.
 */
export const runUntilDecided = <E, R>(options: UntilDecidedOptions<E, R>) =>
  Effect.gen(function*() {
    const ze = yield* ZeClient
    const how = sequentialHow(options.minEffect)
    // A round the baseline has no repeat for adds no pair: it is not run.
    const baseline = yield* ze.batches.get({ path: { batchId: options.baseline } })
    const baselineRepeats = Math.max(0, ...baseline.runs.map((run) => (run.repeat ?? 0) + 1))
    const rounds: Array<BatchSummary> = []
    let comparison: BatchComparison | null = null
    let stop: { stop: StopReason; message: string } | null = null
    for (let round = 1; round <= options.maxRepeats && stop === null; round++) {
      if (round > baselineRepeats && rounds.length > 0) {
        stop = {
          stop: "baseline-exhausted",
          message: `undecided after ${rounds.length} rounds: ${options.baseline} has only ${baselineRepeats} ` +
            `repeat${baselineRepeats === 1 ? "" : "s"} per cell to pair with (run the baseline with more --repeat)`
        }
        break
      }
      const summary = yield* options.runRound({ ...options.spec, repeats: round }, round > 1)
      rounds.push(summary)
      const previousPairs = comparison?.sequential?.pairs ?? 0
      comparison = yield* ze.compare.batches({ urlParams: { base: options.baseline, head: options.batchId, ...how } })
      const evidence = comparison.sequential
      yield* Console.error(`${bold(`Round ${round}:`)} ${comparison.verdict}. ${comparison.reason}`)
      if (evidence !== null && evidence.decision !== "undecided") {
        stop = {
          stop: "decided",
          message: `decided after ${round} round${round === 1 ? "" : "s"}: ${comparison.verdict}`
        }
      } else if ((evidence?.pairs ?? 0) === previousPairs) {
        stop = {
          stop: "baseline-exhausted",
          message:
            `round ${round} added no pairs: ${options.baseline} has no repeat ${round} of these cells to pair with ` +
            `(run the baseline with more --repeat)`
        }
      } else if (yield* budgetSpent(options.maxCost, summary)) {
        stop = { stop: "max-cost", message: `the --max-cost budget is spent after ${round} rounds, undecided` }
      }
    }
    const done = stop ?? {
      stop: "max-repeats" as const,
      message: `undecided after ${options.maxRepeats} rounds (--max-repeats ${options.maxRepeats})`
    }
    return {
      summary: merge(rounds[0]!, rounds),
      untilDecided: { rounds: rounds.length, ...done } satisfies UntilDecidedDocument
    }
  })
