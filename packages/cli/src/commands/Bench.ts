import { Command } from "@effect/cli"
import { isUnreachable, ZeClient } from "@ze/client"
import { ZE_VERSION } from "@ze/domain"
import type { BatchSummary, MatrixSpec, ProgressEvent, Shard } from "@ze/harness"
import { HarnessLive, newBatchId, parseShard, runBatch, Spool } from "@ze/harness"
import { ConfigProvider, Console, Effect, Either, Layer, Option } from "effect"
import { yellow } from "../Ansi.js"
import { benchArgs, benchOptions } from "../bench/BenchArgs.js"
import { evaluateBatch, failWithGates, renderBenchReport, renderLocalSummary } from "../bench/BenchReport.js"
import { BatchBudget, budgetedAgents, budgetEvents } from "../bench/Budget.js"
import { planDryRun, renderDryRun } from "../bench/DryRun.js"
import { checkAgentSetup, checkBaselineBatch, refuseReusedBatch, requireCells } from "../bench/Preflight.js"
import { makeProgressView } from "../bench/ProgressView.js"
import {
  matrixFromBatch,
  matrixFromFlags,
  namesMatrix,
  partialMatrixFlags,
  refuseChangedScenarios,
  resumeRoot
} from "../bench/Selection.js"
import type { CommandHelp } from "../CommandHelp.js"
import { describeCommand } from "../CommandHelp.js"
import { DryRunDocument } from "../Documents.js"
import { RunsDidNotFinish, UsageError } from "../Errors.js"
import { encodeJson, terminalWidth } from "../Output.js"
import { withStore } from "../Store.js"
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
    const spool = yield* Spool
    const waiting = yield* Effect.match(spool.files, {
      onFailure: (spoolError) => `results that could not be read back (${spoolError.message}) wait`,
      onSuccess: (files) => `${files.length} result${files.length === 1 ? "" : "s"} wait`
    })
    yield* Console.error(renderLocalSummary(summary).join("\n"))
    return yield* new RunsDidNotFinish({
      message: `the server could not be reached for the report (${error.message}); ${waiting} ` +
        `in the spool (${spool.directory}): run \`ze sync\` when the server is back`
    })
  })

/** The checks that need no store: a matrix with cells, and agents that have their keys. */
const preflight = (spec: MatrixSpec, dryRun: boolean) =>
  Effect.zipRight(requireCells(spec, { reportSkipped: false }), checkAgentSetup(spec, { warnOnly: dryRun }))

const runBench = (flags: BenchFlags, spec: MatrixSpec, shard: Option.Option<Shard>) =>
  Effect.gen(function*() {
    const batchId = Option.getOrElse(given(flags), newBatchId)
    // With --shard several machines fill one batch; otherwise an existing batch is only filled with --resume.
    if (Option.isSome(flags.batch) && Option.isNone(flags.resume) && Option.isNone(shard)) {
      yield* refuseReusedBatch(batchId)
    }
    if (Option.isSome(flags.baseline)) yield* checkBaselineBatch(flags.baseline.value, spec)
    yield* requireCells(spec, { reportSkipped: true })
    const view = yield* makeProgressView({
      mode: !flags.quiet && process.stderr.isTTY === true ? "live" : "lines",
      concurrency: flags.concurrency,
      linesToStdout: flags.format === "table" && Option.isNone(flags.out)
    })
    const budget = yield* budgetEvents({ maxUsd: flags.maxCost, concurrency: flags.concurrency })
    const onEvent = (event: ProgressEvent) => Effect.zipRight(budget(event), view.onEvent(event))
    const summary = yield* runBatch({
      matrix: spec,
      batchId,
      concurrency: flags.concurrency,
      resume: Option.isSome(flags.resume),
      ...Option.match(shard, { onNone: () => ({}), onSome: (s) => ({ shard: s }) }),
      ...Option.match(flags.timeout, { onNone: () => ({}), onSome: (timeout) => ({ timeout }) }),
      metadata: { tool: "ze", version: ZE_VERSION }
    }, onEvent).pipe(
      Effect.onInterrupt(() =>
        Console.error(
          yellow(`Interrupted: running cells are stored as cancelled. Continue with: ze bench --resume ${batchId}`)
        )
      )
    )
    const document = yield* evaluateBatch(summary, {
      allowErrors: flags.allowErrors,
      failUnder: flags.failUnder,
      baseline: flags.baseline,
      maxCost: flags.maxCost
    }).pipe(
      Effect.catchIf(isUnreachable, (error) => reportFromSpool(summary, error))
    )
    yield* writeOutput(
      yield* renderBenchReport(document, flags.format, { quiet: flags.quiet, store: flags.store }),
      flags.out
    )
    yield* failWithGates(document)
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
      const partial = partialMatrixFlags(flags)
      if (Option.isSome(flags.resume) && !namesMatrix(flags) && partial.length > 0) {
        return yield* usage(
          `--resume takes the matrix from the batch, so ${
            partial.join(", ")
          } would be ignored: name the suite too to give the whole matrix`
        )
      }
      const root = yield* suitesRootOf(flags.suitesDir)
      // The matrix is checked before the store is opened: a broken scenario leaves no trace.
      const named = Option.isNone(flags.resume) || namesMatrix(flags)
        ? Option.some(yield* matrixFromFlags(flags, root))
        : Option.none()
      if (Option.isSome(named)) yield* preflight(named.value, flags.dryRun)
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
            (resumed) => preflight(resumed, flags.dryRun)
          )
        if (Option.isSome(existing)) yield* refuseChangedScenarios(existing.value, spec)
        yield* flags.dryRun ? dryRun(flags, spec, shard) : runBench(flags, spec, shard)
      }).pipe(withStore(flags.store, flags.dryRun ? "read" : "write"))
    }).pipe(
      Effect.scoped,
      Effect.provide(
        budgetedAgents(flags.maxCost).pipe(
          Layer.provideMerge(Layer.mergeAll(HarnessLive, BatchBudget.layer, Spool.layer))
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
