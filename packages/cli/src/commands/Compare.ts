import { Args, Command, Options } from "@effect/cli"
import { ZeClient } from "@ze/client"
import { BatchComparison } from "@ze/domain"
import { Effect } from "effect"
import type { CommandHelp } from "../CommandHelp.js"
import { describeCommand } from "../CommandHelp.js"
import { GateFailed } from "../Errors.js"
import { comparisonToJunit, comparisonToMarkdown } from "../exporters/ComparisonReports.js"
import { defaultTo } from "../Flags.js"
import { encodeJson, terminalWidth } from "../Output.js"
import { storeOptions, withStore } from "../Store.js"
import { renderComparison } from "../views/CompareViews.js"
import { outOption, writeOutput } from "./Export.js"

export const compareHelp: CommandHelp = {
  usage: "compare BASE HEAD",
  summary:
    "Compare two batches cell by cell: the verdict (better, worse, no detectable difference, insufficient evidence) first.",
  details:
    "Scores: a seeded paired bootstrap of the mean difference. Pass/fail: an exact McNemar test on the cells that flipped.",
  examples: [
    "ze compare BASE HEAD",
    "ze compare BASE HEAD --format markdown --out comment.md --fail-on-worse"
  ]
}

export const compareFormats = ["table", "json", "markdown", "junit"] as const
export type CompareFormat = (typeof compareFormats)[number]

export const fetchComparison = (base: string, head: string) =>
  Effect.flatMap(ZeClient, (ze) => ze.compare.batches({ urlParams: { base, head } }))

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
    head: Args.text({ name: "HEAD" }).pipe(Args.withDescription("The batch under test.")),
    format: Options.choice("format", compareFormats).pipe(
      Options.withAlias("f"),
      Options.withDescription(
        "table, json (one document), markdown (for a pull-request comment) or junit (one test case per cell)."
      ),
      defaultTo("table" as CompareFormat)
    ),
    out: outOption,
    failOnWorse: Options.boolean("fail-on-worse").pipe(Options.withDescription("Exit 1 when the verdict is `worse`.")),
    store: storeOptions
  },
  ({ base, failOnWorse, format, head, out, store }) =>
    Effect.gen(function*() {
      const comparison = yield* fetchComparison(base, head)
      yield* writeOutput(yield* renderCompareReport(format, comparison), out)
      if (failOnWorse && comparison.verdict === "worse") {
        return yield* new GateFailed({ message: `${head} is worse than ${base}: ${comparison.reason}` })
      }
    }).pipe(withStore(store, "read"))
).pipe(Command.withDescription(describeCommand(compareHelp)))
