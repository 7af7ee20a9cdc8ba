import { Command } from "@effect/cli"
import { isUnreachable, ZeClient } from "@ze/client"
import { storeFaultIn, ZE_VERSION } from "@ze/domain"
import type { BatchSummary, MatrixSpec, ProgressEvent, Shard, StoreError } from "@ze/harness"
import { HarnessLive, newBatchId, parseShard, runBatch, Spool } from "@ze/harness"
import { ConfigProvider, Console, Effect, Either, Layer, Option } from "effect"
import { yellow } from "../Ansi.js"
import { benchArgs, benchOptions } from "../bench/BenchArgs.js"
import { evaluateBatch, failWithGates, renderBenchReport, renderLocalSummary } from "../bench/BenchReport.js"
import { BatchBudget, budgetedAgents, budgetEvents } from "../bench/Budget.js"
import { planDryRun, renderDryRun } from "../bench/DryRun.js"
import {
  checkAgentSetup,
  checkBaselineBatch,
  checkWarmupSetup,
  refuseReusedBatch,
  requireCells
} from "../bench/Preflight.js"
import { makeProgressView } from "../bench/ProgressView.js"
import {
  matrixFromBatch,
  matrixFromFlags,
  namesMatrix,
  partialMatrixFlags,
  refuseChangedScenarios,
  resumeRoot
} from "../bench/Selection.js"
import { runUntilDecided, sequentialHow } from "../bench/UntilDecided.js"
import { warmupOnly } from "../bench/WarmupOnly.js"
import type { CommandHelp } from "../CommandHelp.js"
import { describeCommand } from "../CommandHelp.js"
import { DryRunDocument } from "../Documents.js"
import { RunsDidNotFinish, UsageError } from "../Errors.js"
import { encodeJson, terminalWidth } from "../Output.js"
import { resolveStoreTarget, type StoreFlags, withStore } from "../Store.js"
import { suitesRootOf } from "../SuitesRoot.js"
import { writeOutput } from "./Export.js"

export const benchHelp: CommandHelp = {
  usage: "bench [SUITE] [SCENARIO] [TIER] [AGENT]",
  summary:
    "Run agents on scenarios and store every run: lists make a matrix (suites × scenarios × tiers × agents × models × repeats).",
  details:
    "Defaults as upstream: tier L0, agent echo. Exit 1 when --fail-under or --baseline fails or when --max-cost " +
    "left every run budget_exceeded (each run can overshoot its share of the budget by at most one model request), 3 when runs end in " +
    "infra_error, agent_error or timeout beyond --allow-errors, or when results could not be stored and wait in the spool.",
  examples: [
    "ze bench demo --agent echo,oracle",
    "ze bench smoke greeting L0 echo",
    "ze bench demo --tier L0,L1 --agent anthropic --repeat 5 --concurrency 4",
    "ze bench all --dry-run",
    "ze bench demo --agent oracle --fail-under 9 --baseline BATCH --format junit --out ze.xml",
    "ze bench --resume BATCH",
    "ze bench lab my-scenario --warmup-only",
    "ze bench demo --batch ci-42 --shard 1/2"
  ]
}

const usage = (message: string) => new UsageError({ message })

type BenchFlags = Command.Command.ParseConfig<typeof benchConfig>

const benchConfig = { ...benchArgs, ...benchOptions }

const given = (flags: BenchFlags) => Option.orElse(flags.resume, () => flags.batch)

const dryRun = (flags: BenchFlags, spec: MatrixSpec, shard: Option.Option<Shard>) =>
  Effect.gen(function*() {
    const plan = yield* planDryRun(spec, { batchId: given(flags), resume: Option.isSome(flags.resume), shard })
    const text = flags.format === "json"
      ? yield* encodeJson(DryRunDocument, plan)
      : renderDryRun(plan, yield* terminalWidth).join("\n")
    yield* writeOutput(text, flags.out)
  })

/** The server went away during the batch: its results wait in the spool, and this process's own summary stands in. */
const reportFromSpool = (summary: BatchSummary, error: { readonly message: string }) =>
  Effect.gen(function*() {
    const spool = yield* Effect.serviceOption(Spool)
    if (Option.isNone(spool)) return yield* Effect.fail(error)
    const waiting = yield* Effect.match(spool.value.files, {
      onFailure: (spoolError) => `results that could not be read back (${spoolError.message}) wait`,
      onSuccess: (files) => `${files.length} result${files.length === 1 ? "" : "s"} wait`
    })
    yield* Console.error(renderLocalSummary(summary).join("\n"))
    return yield* new RunsDidNotFinish({
      message: `the server could not be reached for the report (${error.message}); ${waiting} ` +
        `in the spool (${spool.value.directory}): run \`ze sync\` when the server is back`
    })
  })

/** `--until-decided` and its flags make sense only together, with a baseline, and in one process. */
const untilDecidedUsage = (flags: BenchFlags): string | null => {
  if (!flags.untilDecided) {
    const stray = [
      Option.isSome(flags.minEffect) ? "--min-effect" : "",
      Option.isSome(flags.maxRepeats) ? "--max-repeats" : ""
    ].filter((flag) => flag !== "")
    return stray.length === 0 ? null : `${stray.join(" and ")} need${stray.length === 1 ? "s" : ""} --until-decided`
  }
  if (Option.isNone(flags.baseline)) return "--until-decided needs --baseline BATCH: the batch to decide against"
  if (Option.isSome(flags.resume) || Option.isSome(flags.shard)) {
    return "--until-decided runs its own rounds: it cannot be combined with --resume or --shard"
  }
  if (flags.repeat > 1) return "--until-decided runs one repeat per round: give --max-repeats instead of --repeat"
  return null
}

/** The checks that need no store: a matrix with cells, and agents (the cells' and the warmups') that have their keys. */
const preflight = (spec: MatrixSpec, flags: { readonly dryRun: boolean; readonly skipWarmup: boolean }) =>
  Effect.all([
    requireCells(spec, { reportSkipped: false }),
    checkAgentSetup(spec, { warnOnly: flags.dryRun }),
    flags.skipWarmup ? Effect.void : checkWarmupSetup(spec.scenarios, { warnOnly: flags.dryRun })
  ], { discard: true })

/** What an earlier batch left in the spool goes to the server first, when it answers: the next run delivers it. */
const deliverSpooled = Effect.gen(function*() {
  const spool = yield* Effect.serviceOption(Spool)
  if (Option.isNone(spool)) return
  const waiting = yield* Effect.orElseSucceed(spool.value.files, () => [])
  if (waiting.length === 0) return
  yield* spool.value.sync.pipe(
    Effect.flatMap(({ kept, sent }) =>
      Console.error(
        `Sent ${sent.length} result${
          sent.length === 1 ? "" : "s"
        } an earlier run left in the spool (${spool.value.directory})` +
          (kept.length === 0 ? "" : `; ${kept.length} stay there (\`ze sync\` says why)`)
      )
    ),
    Effect.catchAll((error) =>
      Console.error(yellow(`The spool (${waiting.length} waiting) stays for \`ze sync\`: ${error.message}`))
    )
  )
})

const runBench = (flags: BenchFlags, spec: MatrixSpec, shard: Option.Option<Shard>) =>
  Effect.gen(function*() {
    const batchId = Option.getOrElse(given(flags), newBatchId)
    // With --shard several machines fill one batch; otherwise an existing batch is only filled with --resume.
    if (Option.isSome(flags.batch) && Option.isNone(flags.resume) && Option.isNone(shard)) {
      yield* refuseReusedBatch(batchId)
    }
    if (Option.isSome(flags.baseline)) yield* checkBaselineBatch(flags.baseline.value, spec)
    yield* requireCells(spec, { reportSkipped: true })
    yield* deliverSpooled
    const view = yield* makeProgressView({
      mode: !flags.quiet && process.stderr.isTTY === true ? "live" : "lines",
      concurrency: flags.concurrency,
      linesToStdout: flags.format === "table" && Option.isNone(flags.out)
    })
    const budget = yield* budgetEvents({ maxUsd: flags.maxCost, concurrency: flags.concurrency })
    const onEvent = (event: ProgressEvent) => Effect.zipRight(budget(event), view.onEvent(event))
    const runRound = (matrix: MatrixSpec, resume: boolean) =>
      runBatch({
        matrix,
        batchId,
        concurrency: flags.concurrency,
        resume,
        ...Option.match(shard, { onNone: () => ({}), onSome: (s) => ({ shard: s }) }),
        ...Option.match(flags.timeout, { onNone: () => ({}), onSome: (timeout) => ({ timeout }) }),
        metadata: { tool: "ze", version: ZE_VERSION },
        skipWarmup: flags.skipWarmup
      }, onEvent).pipe(
        Effect.catchTag("StoreError", (error) => localStoreFailed(flags.store, batchId, error)),
        Effect.onInterrupt(() =>
          Console.error(
            yellow(`Interrupted: running cells are stored as cancelled. Continue with: ze bench --resume ${batchId}`)
          )
        )
      )
    const { summary, untilDecided } = flags.untilDecided && Option.isSome(flags.baseline)
      ? yield* runUntilDecided({
        spec,
        batchId,
        baseline: flags.baseline.value,
        minEffect: flags.minEffect,
        maxRepeats: Option.getOrElse(flags.maxRepeats, () => 10),
        maxCost: flags.maxCost,
        runRound
      })
      : { summary: yield* runRound(spec, Option.isSome(flags.resume)), untilDecided: null }
    const document = yield* evaluateBatch(summary, {
      allowErrors: flags.allowErrors,
      failUnder: flags.failUnder,
      baseline: flags.baseline,
      maxCost: flags.maxCost,
      ...(flags.untilDecided ? { comparison: sequentialHow(flags.minEffect) } : {}),
      untilDecided
    }).pipe(
      Effect.catchIf(isUnreachable, (error) => reportFromSpool(summary, error))
    )
    yield* writeOutput(
      yield* renderBenchReport(document, flags.format, { quiet: flags.quiet, store: flags.store }),
      flags.out
    )
    yield* failWhenSpooled
    yield* failWithGates(document)
  })

/**
 * A result the local store could not take stops the batch (the next would fail the same way) and is not spooled:
 * the spool waits for a server to come back, and a full or read-only disk does not come back by itself.
 */
const localStoreFailed = (store: StoreFlags, batchId: string, error: StoreError) =>
  Effect.gen(function*() {
    const target = yield* resolveStoreTarget(store)
    if (target._tag === "Remote" || !error.unreachable) {
      return yield* Effect.fail(error)
    }
    const reason = storeFaultIn(error.message) ?? error.message
    return yield* new UsageError({
      message: `cannot write to the store ${target.filename}: ${reason}. The batch stopped at the first result it ` +
        `could not store; the runs stored before it are kept. Once the store can be written: ` +
        `ze bench --resume ${batchId}${target.chosen ? ` --db ${target.filename}` : ""}`
    })
  })

/** The server answered the report, but some of this batch's results went to the spool while it was away. */
const failWhenSpooled = Effect.gen(function*() {
  const spool = yield* Effect.serviceOption(Spool)
  if (Option.isNone(spool)) return
  const waiting = yield* spool.value.putByThisProcess
  if (waiting === 0) return
  return yield* new RunsDidNotFinish({
    message: `${waiting} result${waiting === 1 ? "" : "s"} of this batch could not be sent to the server and ` +
      `wait in the spool (${spool.value.directory}): the report above is missing them; run \`ze sync\``
  })
})

export const bench = Command.make(
  "bench",
  benchConfig,
  (flags) =>
    Effect.gen(function*() {
      const shard = yield* Option.match(flags.shard, {
        onNone: () => Effect.succeed(Option.none<Shard>()),
        onSome: (text) =>
          Either.match(parseShard(text), {
            onLeft: (message) => Effect.fail(usage(message)),
            onRight: (s) => Effect.succeed(Option.some(s))
          })
      })
      if (Option.isSome(flags.resume) && Option.isSome(flags.batch) && flags.resume.value !== flags.batch.value) {
        return yield* usage("--resume and --batch name different batches")
      }
      if (Option.isSome(shard) && Option.isNone(flags.batch) && Option.isNone(flags.resume)) {
        return yield* usage("--shard needs --batch ID: every machine of the run gives the same one")
      }
      if (flags.concurrency < 1) return yield* usage(`--concurrency must be at least 1 (got ${flags.concurrency})`)
      const untilDecidedProblem = untilDecidedUsage(flags)
      if (untilDecidedProblem !== null) return yield* usage(untilDecidedProblem)
      const partial = partialMatrixFlags(flags)
      if (Option.isSome(flags.resume) && !namesMatrix(flags) && partial.length > 0) {
        return yield* usage(
          `--resume takes the matrix from the batch, so ${
            partial.join(", ")
          } would be ignored: name the suite too to give the whole matrix`
        )
      }
      if (flags.warmupOnly && (flags.skipWarmup || flags.dryRun || Option.isSome(flags.resume))) {
        return yield* usage("--warmup-only runs only the warmups: it takes no --skip-warmup, --dry-run or --resume")
      }
      const root = yield* suitesRootOf(flags.suitesDir)
      // The matrix is checked before the store is opened: a broken scenario leaves no trace.
      const named = Option.isNone(flags.resume) || namesMatrix(flags)
        ? Option.some(yield* matrixFromFlags(flags, root))
        : Option.none()
      if (flags.warmupOnly && Option.isSome(named)) {
        yield* checkWarmupSetup(named.value.scenarios, { warnOnly: false })
        return yield* warmupOnly(named.value, flags.concurrency)
      }
      if (Option.isSome(named)) yield* preflight(named.value, flags)
      return yield* Effect.gen(function*() {
        const ze = yield* ZeClient
        yield* ze.health.health({})
        // A resumed batch, or one that shards fill, must be continued with the scenarios it started with.
        const existing = Option.isSome(flags.resume)
          ? Option.some(yield* ze.batches.get({ path: { batchId: flags.resume.value } }))
          : Option.isSome(shard) && Option.isSome(flags.batch)
          ? yield* ze.batches.get({ path: { batchId: flags.batch.value } }).pipe(
            Effect.map(Option.some),
            Effect.catchTag("BatchNotFound", () => Effect.succeedNone)
          )
          : Option.none()
        const spec = Option.isSome(named)
          ? named.value
          : yield* Effect.tap(
            Effect.flatMap(
              Option.match(existing, {
                onNone: () => Effect.dieMessage("--resume without a batch"),
                onSome: Effect.succeed
              }),
              (batch) => matrixFromBatch(batch, resumeRoot(batch, flags.suitesDir, root), flags.templatesDir)
            ),
            (resumed) => preflight(resumed, flags)
          )
        if (Option.isSome(existing)) yield* refuseChangedScenarios(existing.value, spec)
        yield* flags.dryRun ? dryRun(flags, spec, shard) : runBench(flags, spec, shard)
      }).pipe(withStore(flags.store, flags.dryRun ? "preview" : "write"))
    }).pipe(
      Effect.scoped,
      Effect.provide(
        budgetedAgents(flags.maxCost).pipe(
          Layer.provideMerge(Layer.mergeAll(HarnessLive, BatchBudget.layer))
        )
      ),
      Effect.withConfigProvider(harnessOverrides(flags.keepWorkspaces))
    )
).pipe(Command.withDescription(describeCommand(benchHelp)))

/** Flags that the harness reads as configuration: they win over the environment. */
const harnessOverrides = (keepWorkspaces: boolean) =>
  ConfigProvider.fromMap(new Map(keepWorkspaces ? [["ZE_KEEP_WORKSPACES", "always"]] : [])).pipe(
    ConfigProvider.orElse(() => ConfigProvider.fromEnv())
  )
