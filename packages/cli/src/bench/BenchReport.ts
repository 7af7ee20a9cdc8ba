import { ZeClient } from "@ze/client"
import { type BatchComparison, type BatchDetail, isUnfinishedStatus, UnfinishedStatuses } from "@ze/domain"
import type { BatchSummary } from "@ze/harness"
import { Effect, Option } from "effect"
import { bold, dim, green, red } from "../Ansi.js"
import type { CompareHow } from "../commands/Compare.js"
import { formatScore, formatSpend, inWords } from "../Display.js"
import type { BenchDocument, GateResult, UntilDecidedDocument } from "../Documents.js"
import { BenchDocument as BenchDocumentSchema } from "../Documents.js"
import { GateFailed, RunsDidNotFinish } from "../Errors.js"
import { ExitCode } from "../ExitCode.js"
import { comparisonToMarkdown } from "../exporters/ComparisonReports.js"
import { batchToJunit } from "../exporters/Junit.js"
import { batchToMarkdown } from "../exporters/Markdown.js"
import { encodeJson, terminalWidth } from "../Output.js"
import type { StoreFlags } from "../Store.js"
import { resolveStoreTarget } from "../Store.js"
import { heading } from "../Table.js"
import { renderBatchDetail } from "../views/BatchViews.js"
import { renderComparison } from "../views/CompareViews.js"
import { renderRunDetail } from "../views/RunViews.js"

export type BenchFormat = "table" | "json" | "markdown" | "junit"

export interface GateOptions {
  readonly allowErrors: number
  readonly failUnder: Option.Option<number>
  readonly baseline: Option.Option<string>
  readonly maxCost: Option.Option<number>
  /** How to compare with the baseline (the sequential test after --until-decided); fixed by default. */
  readonly comparison?: CompareHow
  readonly untilDecided?: UntilDecidedDocument | null
}

const errorGate = (summary: BatchSummary, allowed: number): GateResult => {
  const unfinished = summary.results.filter((result) => isUnfinishedStatus(result.status)).length
  const total = summary.results.length
  const share = total === 0 ? 0 : unfinished / total
  return {
    gate: "errors",
    passed: share <= allowed,
    message: `${unfinished} of ${total} runs ended in ${inWords(UnfinishedStatuses)} (${(share * 100).toFixed(0)}%, ${
      (allowed * 100).toFixed(0)
    }% allowed)`
  }
}

const scoreGate = (batch: BatchDetail, threshold: number): GateResult => ({
  gate: "fail-under",
  passed: batch.avgWeightedScore !== null && batch.avgWeightedScore >= threshold,
  message: `average score ${formatScore(batch.avgWeightedScore)}/10, at least ${formatScore(threshold)} required`
})

const verdictAgainst: Record<BatchComparison["verdict"], string> = {
  better: "better than",
  worse: "worse than",
  "no detectable difference": "no detectable difference from",
  "insufficient evidence": "insufficient evidence against"
}

const baselineGate = (comparison: BatchComparison): GateResult => ({
  gate: "baseline",
  passed: comparison.verdict !== "worse",
  message: `${verdictAgainst[comparison.verdict]} ${comparison.baseBatchId}: ${comparison.reason}`
})

/** With --max-cost, a batch whose every run was stopped by the budget measured nothing. */
const budgetGate = (summary: BatchSummary, maxUsd: number): GateResult => {
  const stopped = summary.results.filter((result) => result.status === "budget_exceeded").length
  const total = summary.results.length
  return {
    gate: "budget",
    passed: total === 0 || stopped < total,
    message: stopped === total && total > 0
      ? `no run finished: all ${total} ended budget_exceeded within the --max-cost budget of $${maxUsd}`
      : `${stopped} of ${total} runs ended budget_exceeded (budget $${maxUsd})`
  }
}

/** Reads the batch back from the store and checks every gate the flags ask for. */
export const evaluateBatch = (summary: BatchSummary, options: GateOptions) =>
  Effect.gen(function*() {
    const ze = yield* ZeClient
    const batch = yield* ze.batches.get({ path: { batchId: summary.batchId } })
    const comparison = yield* Option.match(options.baseline, {
      onNone: () => Effect.succeed(null),
      onSome: (base) => ze.compare.batches({ urlParams: { base, head: summary.batchId, ...options.comparison } })
    })
    const errors = errorGate(summary, options.allowErrors)
    const gates = [
      errors,
      ...Option.toArray(Option.map(options.maxCost, (maxUsd) => budgetGate(summary, maxUsd))),
      ...Option.toArray(Option.map(options.failUnder, (threshold) => scoreGate(batch, threshold))),
      ...(comparison === null ? [] : [baselineGate(comparison)])
    ]
    const exitCode = !errors.passed
      ? ExitCode.runsDidNotFinish
      : gates.every((gate) => gate.passed)
      ? ExitCode.ok
      : ExitCode.gateFailed
    return {
      batch,
      matrixCells: summary.matrixCells,
      ran: summary.results.length,
      alreadyDone: summary.alreadyDone,
      complete: summary.complete,
      comparison,
      untilDecided: options.untilDecided ?? null,
      gates,
      exitCode
    } satisfies BenchDocument
  })

const stopText = (stop: UntilDecidedDocument) =>
  `${stop.rounds} round${stop.rounds === 1 ? "" : "s"}, stopped (${stop.stop}): ${stop.message}`

const renderStop = (document: BenchDocument) =>
  document.untilDecided === null ? [] : [`${bold("Until decided")}: ${stopText(document.untilDecided)}`]

const renderGates = (gates: ReadonlyArray<GateResult>) =>
  gates.map((gate) => `${gate.passed ? green("✓") : red("✗")} ${bold(gate.gate)}: ${gate.message}`)

/** `--quiet`: the batch in one line, then the gates (the runs were already one line each). */
const renderQuiet = (document: BenchDocument) => {
  const batch = document.batch
  const statuses = [
    `${batch.successfulRuns} passed`,
    ...batch.aggregates.failuresByStatus.map((s) => `${s.runs} ${s.status}`)
  ].join(", ")
  return [
    `Batch ${batch.batchId}: ${batch.totalRuns} runs (${statuses}), average ${
      formatScore(batch.avgWeightedScore)
    }/10, cost ${formatSpend(batch.totalCostUsd, batch.unpricedRuns)}`,
    ...(document.comparison === null
      ? []
      : [
        `Compared with ${document.comparison.baseBatchId}: ${document.comparison.verdict} (${document.comparison.reason})`
      ]),
    ...renderStop(document),
    ...renderGates(document.gates)
  ].join("\n")
}

/** Where the batch went and the commands that read it back, so that the first run shows the way to the next. */
export const renderNextSteps = (document: BenchDocument, store: StoreFlags) =>
  Effect.gen(function*() {
    const target = yield* resolveStoreTarget(store)
    const where = target._tag === "Remote" ? `the server ${target.baseUrl}` : target.filename
    const flag = target._tag === "Remote"
      ? ` --server ${target.baseUrl}`
      : target.chosen
      ? ` --db ${target.filename}`
      : ""
    // Run as the Quick start's `pnpm ze …`, ze is not on the PATH: the next commands are `pnpm ze …` too.
    const ze = process.env["npm_lifecycle_event"] === "ze" ? "pnpm ze" : "ze"
    const batchId = document.batch.batchId
    const run = document.batch.runs.find((r) => !r.isSuccessful) ?? document.batch.runs[0]
    const steps: ReadonlyArray<readonly [string, string]> = [
      ...(run === undefined
        ? []
        : [
          [
            `${ze} runs show ${run.runId}${flag}`,
            run.isSuccessful
              ? "one run: its evaluations and telemetry"
              : "why this run failed: its evaluations and commands"
          ] as const
        ]),
      [`${ze} batches show ${batchId}${flag}`, "this report again"],
      [
        `${ze} compare ${batchId} OTHER_BATCH${flag}`,
        "after another ze bench: better, worse or no detectable difference"
      ],
      ...(target._tag === "Remote"
        ? []
        : [[`${ze} serve${flag}`, "the dashboard of every stored run, at http://127.0.0.1:8787/"] as const])
    ]
    const width = Math.max(...steps.map(([command]) => command.length))
    return [
      "",
      `Stored in ${where} as batch ${bold(batchId)}. Next:`,
      ...steps.map(([command, what]) => `  ${command.padEnd(width)}  ${dim(what)}`)
    ]
  })

export const renderBenchReport = (
  document: BenchDocument,
  format: BenchFormat,
  options: { readonly quiet?: boolean; readonly store?: StoreFlags } = {}
) =>
  Effect.gen(function*() {
    if (format === "table" && options.quiet === true) return renderQuiet(document)
    switch (format) {
      case "json":
        return yield* encodeJson(BenchDocumentSchema, document)
      case "junit":
        return batchToJunit(document.batch)
      case "markdown":
        return [
          batchToMarkdown(document.batch),
          ...(document.comparison === null ? [] : [comparisonToMarkdown(document.comparison)]),
          ...(document.untilDecided === null ? [] : [`**--until-decided:** ${stopText(document.untilDecided)}`])
        ].join("\n")
      case "table": {
        const width = yield* terminalWidth
        const single = document.batch.runs.length === 1 ? document.batch.runs[0]! : undefined
        const detail = single === undefined
          ? []
          : [
            ...heading(`Run ${single.runId}`),
            ...renderRunDetail(
              yield* Effect.flatMap(ZeClient, (ze) => ze.runs.get({ path: { runId: single.runId } })),
              width
            )
          ]
        return [
          ...renderBatchDetail(document.batch, width, { runDetailFollows: single !== undefined }),
          ...detail,
          ...(document.comparison === null
            ? []
            : [
              ...heading(`Compared with ${document.comparison.baseBatchId}`),
              ...renderComparison(document.comparison, width)
            ]),
          ...(document.untilDecided === null ? [] : [...heading("Until decided"), ...renderStop(document)]),
          ...heading("Gates"),
          ...renderGates(document.gates),
          ...(options.store === undefined ? [] : yield* renderNextSteps(document, options.store))
        ].join("\n")
      }
    }
  })

/** The exit code of the report as a failure, so the command ends with it. */
export const failWithGates = (document: BenchDocument) => {
  const failed = document.gates.filter((gate) => !gate.passed)
  if (document.exitCode === ExitCode.runsDidNotFinish) {
    const errors = document.gates.find((gate) => gate.gate === "errors")
    return Effect.fail(new RunsDidNotFinish({ message: errors?.message ?? "runs did not finish" }))
  }
  if (document.exitCode === ExitCode.gateFailed) {
    return Effect.fail(new GateFailed({ message: failed.map((gate) => `${gate.gate}: ${gate.message}`).join("; ") }))
  }
  return Effect.void
}

/** What this process saw of the batch, for when the store cannot be read back (the server went away). */
export const renderLocalSummary = (summary: BatchSummary): ReadonlyArray<string> => {
  const scores = summary.results.flatMap((result) => (result.weightedScore === null ? [] : [result.weightedScore]))
  const average = scores.length === 0 ? null : scores.reduce((sum, score) => sum + score, 0) / scores.length
  const statuses = Object.entries(summary.byStatus).map(([status, count]) => `${status} ${count}`).join(" · ")
  return [
    bold(`Batch ${summary.batchId}`) +
    ` (as run here; the server could not be read back): ${summary.results.length} run${
      summary.results.length === 1 ? "" : "s"
    }` +
    `${summary.alreadyDone > 0 ? `, ${summary.alreadyDone} already done` : ""}, matrix of ${summary.matrixCells}`,
    `  status: ${statuses === "" ? "none" : statuses}`,
    `  average score: ${formatScore(average)}/10`
  ]
}
