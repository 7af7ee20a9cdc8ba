import { ZeClient } from "@ze/client"
import type { MatrixSpec, SkippedCombination } from "@ze/harness"
import { Agents, buildMatrix, scenarioKey, warmupMissing } from "@ze/harness"
import { Console, Effect, Option } from "effect"
import { yellow } from "../Ansi.js"
import { UsageError } from "../Errors.js"

/** Checks made before a batch is created: a command that cannot work stores nothing. */

const describeSkipped = (skipped: ReadonlyArray<SkippedCombination>) =>
  skipped.map((s) => `  ${s.suite}/${s.scenario} ${s.tier}: ${s.reason}`)

/** A matrix in which every combination is skipped (a mistyped tier) is a usage error; some skipped ones are listed. */
export const requireCells = (spec: MatrixSpec, options: { readonly reportSkipped: boolean }) =>
  Effect.gen(function*() {
    const { cells, skipped } = buildMatrix("preflight", spec)
    if (cells.length === 0) {
      return yield* new UsageError({
        message: `Nothing to run: every combination of the matrix is skipped (check --tier):\n${
          describeSkipped(skipped).join("\n")
        }`
      })
    }
    if (options.reportSkipped && skipped.length > 0) {
      yield* Console.error(yellow(`Skipped ${skipped.length} combination${skipped.length === 1 ? "" : "s"}:`))
      yield* Console.error(describeSkipped(skipped).join("\n"))
    }
  })

/** `--baseline BATCH` exists and shares at least one suite/scenario/tier cell with the matrix, or nothing runs. */
export const checkBaselineBatch = (batchId: string, spec: MatrixSpec) =>
  Effect.gen(function*() {
    const ze = yield* ZeClient
    const batch = yield* ze.batches.get({ path: { batchId } }).pipe(
      Effect.catchTag("BatchNotFound", () =>
        Effect.fail(
          new UsageError({
            message: `--baseline ${batchId}: no such batch in this store (ze batches list shows them); nothing ran`
          })
        ))
    )
    const cells = new Set(
      buildMatrix("preflight", spec).cells.map((cell) => `${cell.scenario.suite}/${cell.scenario.name} ${cell.tier}`)
    )
    const theirs = [
      ...new Set(batch.runs.map((run) => `${run.suite}/${run.scenario} ${run.tier}`))
    ]
    if (theirs.some((cell) => cells.has(cell))) return
    return yield* new UsageError({
      message:
        `--baseline ${batchId} shares no suite/scenario/tier cell with this batch, so there is nothing to compare ` +
        `(it ran ${
          theirs.length === 0 ? "nothing" : theirs.slice(0, 5).join(", ") + (theirs.length > 5 ? ", ..." : "")
        }); nothing ran`
    })
  })

/** `--batch ID` names a new batch: reusing one that has runs would overwrite them (run ids are deterministic). */
export const refuseReusedBatch = (batchId: string) =>
  Effect.gen(function*() {
    const ze = yield* ZeClient
    const page = yield* ze.runsPage({ batchId, limit: 1 })
    if (page.items.length === 0) return
    return yield* new UsageError({
      message: `batch ${batchId} already has runs: add --resume to fill it, or choose another --batch`
    })
  })

/** What an agent needs from the environment (its own `checkSetup`), or `undefined` when it has it or is unknown. */
export const missingFor = (agent: string) =>
  Effect.gen(function*() {
    const agents = yield* Agents
    const found = yield* Effect.option(agents.get(agent))
    return Option.isSome(found) && found.value.checkSetup !== undefined ? yield* found.value.checkSetup : undefined
  })

/** Every agent of the matrix has its key (or binary); a dry run only warns. */
export const checkAgentSetup = (spec: MatrixSpec, options: { readonly warnOnly: boolean }) =>
  Effect.gen(function*() {
    const agents = [...new Set(spec.agents.map((selection) => selection.agent))]
    const missing = (yield* Effect.forEach(agents, missingFor)).filter((problem): problem is string =>
      problem !== undefined
    )
    if (missing.length === 0) return
    if (options.warnOnly) {
      return yield* Console.error(yellow(missing.map((problem) => `Warning: ${problem}`).join("\n")))
    }
    return yield* new UsageError({ message: missing.join("\n") })
  })

/**
 * Every warmup the batch will run has what it needs (its agent's key or binary, its commands' programs), named by
 * scenario: a warmup that cannot start would fail its scenario's cells after the others had run. A dry run only warns.
 */
export const checkWarmupSetup = (scenarios: MatrixSpec["scenarios"], options: { readonly warnOnly: boolean }) =>
  Effect.gen(function*() {
    const missing = (yield* Effect.forEach(scenarios, (scenario) =>
      Effect.map(warmupMissing(scenario), (problems) =>
        problems.map((problem) =>
          `${scenarioKey(scenario)}: ${problem}`
        )))).flat()
    if (missing.length === 0) {
      return
    }
    if (options.warnOnly) {
      return yield* Console.error(yellow(
        missing.map((problem) =>
          `Warning: ${problem}`
        ).join("\n")
      ))
    }
    return yield* new UsageError({
      message: `${missing.join("\n")}\n(--skip-warmup runs those scenarios from their committed fixture instead)`
    })
  })
