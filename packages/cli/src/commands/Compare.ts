import { Args, Command, HelpDoc, Options, ValidationError } from "@effect/cli"
import { ZeClient } from "@ze/client"
import type { ComparisonMode, SideParams } from "@ze/domain"
import { BatchComparison } from "@ze/domain"
import { Effect, Option } from "effect"
import type { CommandHelp } from "../CommandHelp.js"
import { describeCommand } from "../CommandHelp.js"
import { GateFailed, UsageError } from "../Errors.js"
import { comparisonToJunit, comparisonToMarkdown } from "../exporters/ComparisonReports.js"
import { defaultTo, numberFlagOf } from "../Flags.js"
import { encodeJson, terminalWidth } from "../Output.js"
import { storeOptions, withStore } from "../Store.js"
import { renderComparison } from "../views/CompareViews.js"
import { asGivenSides, headArg, resolveSides, sideOptions } from "./CompareSides.js"
import { outOption, writeOutput } from "./Export.js"

export const compareHelp: CommandHelp = {
  usage: "compare BASE [HEAD]",
  summary:
    "Compare two batches cell by cell, or two sides of one (a specialist against its plain agent): the verdict (better, worse, no detectable difference, insufficient evidence) first.",
  details:
    "Scores: a seeded paired bootstrap of the mean difference. Pass/fail: an exact McNemar test on the cells that flipped. " +
    "Both are valid for one look at a finished design; --mode sequential uses anytime-valid tests instead (runs paired by " +
    "cell and repeat), so comparing again after every added repeat stays honest, and --min-effect N lets it say that no " +
    "difference of N points exists. The output says which mode produced the verdict. Each side may be narrowed to " +
    "some of its batch's runs (--base-specialist/--head-specialist, `none` for the plain agents; --base-agent/--head-agent; " +
    "--base-model/--head-model); `ze compare BATCH --specialist NAME` pairs NAME's runs with the same agents' plain runs " +
    "in BATCH. The output names both sides.",
  examples: [
    "ze compare BASE HEAD",
    "ze compare BASE HEAD --mode sequential --min-effect 10",
    "ze compare BATCH --specialist fizzbuzz-specialist",
    "ze compare BASE HEAD --base-specialist none --head-specialist fizzbuzz-specialist --head-agent anthropic",
    "ze compare BASE HEAD --format markdown --out comment.md --fail-on-worse"
  ]
}

export const compareFormats = ["table", "json", "markdown", "junit"] as const
export type CompareFormat = (typeof compareFormats)[number]

/** How to compare: the mode and, for a sequential "no difference" verdict, the smallest difference that matters. */
export interface CompareHow {
  readonly mode?: ComparisonMode
  readonly minEffect?: number
}

/** The comparison of two sides (each a batch, maybe narrowed by `--specialist` and the like). */
export const fetchComparison = (sides: SideParams, how: CompareHow = {}) =>
  Effect.flatMap(ZeClient, (ze) => ze.compare.batches({ urlParams: { ...sides, ...how } }))

export const modeOption = Options.choice("mode", ["fixed", "sequential"] as const).pipe(
  Options.withDescription(
    "fixed: one look at a finished design. sequential: anytime-valid, for comparing again as runs are added."
  ),
  defaultTo("fixed" as ComparisonMode)
)

export const minEffectOption = numberFlagOf("min-effect", { min: 0 }).pipe(
  Options.withPseudoName("POINTS"),
  Options.withDescription(
    "Sequential mode: conclude \"no difference\" once a difference of POINTS (pass-rate points; a tenth of a 0..10 score each) is ruled out."
  ),
  Options.mapEffect((points) =>
    points > 0 && points <= 100
      ? Effect.succeed(points)
      : Effect.fail(ValidationError.invalidValue(HelpDoc.p(`--min-effect is from 0 to 100 points (got ${points})`)))
  ),
  Options.optional
)

export const renderCompareReport = (format: CompareFormat, comparison: BatchComparison) =>
  Effect.gen(function*() {
    switch (format) {
      case "table":
        return renderComparison(comparison, yield* terminalWidth).join("\n")
      case "json":
        return yield* encodeJson(BatchComparison, comparison)
      case "markdown":
        return comparisonToMarkdown(comparison)
      case "junit":
        return comparisonToJunit(comparison)
    }
  })

export const compare = Command.make(
  "compare",
  {
    base: Args.text({ name: "BASE" }).pipe(
      Args.withDescription("The batch to compare against (a batch id, as `ze batches list` shows).")
    ),
    head: headArg,
    ...sideOptions,
    format: Options.choice("format", compareFormats).pipe(
      Options.withAlias("f"),
      Options.withDescription(
        "table, json (one document), markdown (for a pull-request comment) or junit (one test case per cell)."
      ),
      defaultTo("table" as CompareFormat)
    ),
    out: outOption,
    failOnWorse: Options.boolean("fail-on-worse").pipe(Options.withDescription("Exit 1 when the verdict is `worse`.")),
    mode: modeOption,
    minEffect: minEffectOption,
    store: storeOptions
  },
  ({ base, failOnWorse, format, head, minEffect, mode, out, store, ...sideFlags }) =>
    Effect.gen(function*() {
      if (Option.isSome(minEffect) && mode === "fixed") {
        return yield* new UsageError({
          message: "--min-effect needs --mode sequential (the fixed tests never rule out a difference)"
        })
      }
      const sides = yield* resolveSides(base, head, sideFlags)
      const comparison = yield* fetchComparison(sides, {
        mode,
        ...Option.match(minEffect, { onNone: () => ({}), onSome: (points) => ({ minEffect: points }) })
      }).pipe(asGivenSides(sideFlags))
      yield* writeOutput(yield* renderCompareReport(format, comparison), out)
      if (failOnWorse && comparison.verdict === "worse") {
        return yield* new GateFailed({
          message: `${comparison.headSide.label} is worse than ${comparison.baseSide.label}: ${comparison.reason}`
        })
      }
    }).pipe(withStore(store, "read"))
).pipe(Command.withDescription(describeCommand(compareHelp)))
