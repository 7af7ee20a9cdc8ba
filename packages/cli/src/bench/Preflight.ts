import { ZeClient } from "@ze/client"
import type { MatrixSpec, SkippedCombination } from "@ze/harness"
import { buildMatrix } from "@ze/harness"
import { Config, Console, Effect, Option } from "effect"
import { existsSync } from "node:fs"
import { delimiter, isAbsolute, join } from "node:path"
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

const isSet = (name: string) => Effect.map(Config.option(Config.nonEmptyString(name)), Option.isSome)

const onPath = (bin: string, path: string) =>
  isAbsolute(bin) || bin.includes("/")
    ? existsSync(bin)
    : path.split(delimiter).some((dir) => dir !== "" && existsSync(join(dir, bin)))

/** What an agent needs from the environment, or `undefined` when it has it (or needs nothing). */
export const missingFor = (agent: string) =>
  Effect.gen(function*() {
    switch (agent) {
      case "anthropic":
        return (yield* isSet("ANTHROPIC_API_KEY"))
          ? undefined
          : "the anthropic agent needs ANTHROPIC_API_KEY: set it (environment or .env)"
      case "openai": {
        const configured = (yield* isSet("OPENAI_API_KEY")) || (yield* isSet("OPENROUTER_API_KEY")) ||
          (yield* isSet("OPENAI_BASE_URL"))
        return configured
          ? undefined
          : "the openai agent needs OPENAI_API_KEY or OPENROUTER_API_KEY (or OPENAI_BASE_URL for a local server that needs no key)"
      }
      case "claude-code": {
        const bin = yield* Config.nonEmptyString("ZE_CLAUDE_CODE_BIN").pipe(Config.withDefault("claude"))
        const path = yield* Config.string("PATH").pipe(Config.withDefault(""))
        return onPath(bin, path)
          ? undefined
          : `the claude-code agent needs the Claude Code CLI: "${bin}" is not on PATH; install it (npm i -g @anthropic-ai/claude-code) or set ZE_CLAUDE_CODE_BIN`
      }
      default:
        return undefined
    }
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
