import { Args, Command, Options } from "@effect/cli"
import { ZeClient } from "@ze/client"
import { checkScenario, HarnessLive, loadSuites } from "@ze/harness"
import { Effect } from "effect"
import type { CommandHelp } from "../CommandHelp.js"
import { describeCommand } from "../CommandHelp.js"
import type { FlakyCellDocument } from "../Documents.js"
import { SuiteCheckDocument } from "../Documents.js"
import { GateFailed } from "../Errors.js"
import { defaultTo, integerFlag } from "../Flags.js"
import { encodeJson, printLines, terminalWidth } from "../Output.js"
import { storeOptions, withStore } from "../Store.js"
import { splitList, suitesDirOption, suitesRootOf } from "../SuitesRoot.js"
import { renderSuiteCheck, suiteCheckToMarkdown } from "../views/SuiteCheckViews.js"
import { renderBroken } from "../views/SuiteViews.js"

export const suitesCheckHelp: CommandHelp = {
  usage: "suites check [SUITE...]",
  summary:
    "Evaluate each scenario's untouched fixture and its reference solution: can it tell a no-op from a solution?",
  details:
    "Verdicts: valid, no-op passes, oracle fails, no reference solution, cannot run here (and why). Every tier shares one " +
    "verdict: the evaluators do not read the tier. Offline by default: a scenario whose commands fetch dependencies is " +
    "`cannot run here` unless --network. The LLM judge is not run. Exit 1 when any scenario is not valid. " +
    "--flaky-from BATCH also lists the checked scenarios' cells whose repeats disagreed in that stored batch (a warning).",
  examples: [
    "ze suites check",
    "ze suites check demo --format markdown",
    "ze suites check --suites-dir ../upstream/suites --format json",
    "ze suites check demo --flaky-from BATCH"
  ]
}

/** The flaky cells of stored batches, batch by batch. */
const flakyCellsOf = (batchIds: ReadonlyArray<string>) =>
  Effect.flatMap(
    ZeClient,
    (ze) =>
      Effect.forEach(batchIds, (batchId) =>
        Effect.map(ze.batches.get({ path: { batchId } }), (batch): ReadonlyArray<FlakyCellDocument> =>
          batch.aggregates.cells.filter((cell) =>
            cell.summary.flaky
          ).map((cell) => ({
            batchId,
            suite: cell.suite,
            scenario: cell.scenario,
            tier: cell.tier,
            agent: cell.agent,
            model: cell.model,
            passes: cell.summary.passes,
            attributableRuns: cell.summary.attributableRuns,
            flipRate: cell.summary.flipRate
          })))).pipe(Effect.map((perBatch) =>
            perBatch.flat()
          ))
  )

export const suitesCheck = Command.make(
  "check",
  {
    suites: Args.text({ name: "SUITE" }).pipe(Args.withDescription("Suites to check (default: all)."), Args.repeated),
    suitesDir: suitesDirOption,
    network: Options.boolean("network").pipe(
      Options.withDescription("Also run commands that fetch dependencies (pnpm install, ...).")
    ),
    concurrency: integerFlag("concurrency", { min: 1 }).pipe(
      Options.withAlias("j"),
      Options.withDescription("Scenarios checked at once."),
      defaultTo(2)
    ),
    format: Options.choice("format", ["table", "json", "markdown"]).pipe(
      Options.withAlias("f"),
      Options.withDescription("table, json (one document) or markdown."),
      Options.withDefault("table" as "table" | "json" | "markdown")
    ),
    flakyFrom: Options.text("flaky-from").pipe(
      Options.withPseudoName("BATCH"),
      Options.withDescription("Also report the scenarios flaky in this stored batch (repeatable)."),
      Options.repeated
    ),
    store: storeOptions
  },
  ({ concurrency, flakyFrom, format, network, store, suites, suitesDir }) =>
    Effect.gen(function*() {
      const root = yield* suitesRootOf(suitesDir)
      const loaded = yield* loadSuites(root, { suites: splitList(suites).filter((s) => s !== "all") })
      if (loaded.invalid.length > 0) {
        yield* Effect.logWarning(
          `Broken scenarios are left out (ze suites validate):\n${renderBroken(loaded.invalid).join("\n")}`
        )
      }
      const scenarios = yield* Effect.forEach(loaded.scenarios, (scenario) => checkScenario(scenario, { network }), {
        concurrency: Math.max(1, concurrency)
      })
      const checked = new Set(loaded.scenarios.map((scenario) => `${scenario.suite}/${scenario.name}`))
      const flaky = flakyFrom.length === 0
        ? []
        : (yield* flakyCellsOf(flakyFrom).pipe(withStore(store, "read")))
          .filter((cell) => checked.has(`${cell.suite}/${cell.scenario}`))
      const document = {
        root,
        network,
        valid: scenarios.every((s) => s.verdict === "valid") && loaded.invalid.length === 0,
        scenarios,
        flaky
      }
      if (format === "json") yield* printLines([yield* encodeJson(SuiteCheckDocument, document)])
      else if (format === "markdown") yield* printLines([suiteCheckToMarkdown(document)])
      else yield* printLines(renderSuiteCheck(document, yield* terminalWidth))
      if (!document.valid) {
        const invalid = scenarios.filter((s) => s.verdict !== "valid").length + loaded.invalid.length
        return yield* new GateFailed({
          message: `${invalid} of ${scenarios.length + loaded.invalid.length} scenarios are not valid`
        })
      }
    }).pipe(Effect.provide(HarnessLive))
).pipe(Command.withDescription(describeCommand(suitesCheckHelp)))
