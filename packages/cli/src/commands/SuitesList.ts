import { Args, Command } from "@effect/cli"
import type { Scenario } from "@ze/harness"
import { loadSuites, tiersOf } from "@ze/harness"
import { Effect, Option } from "effect"
import type { CommandHelp } from "../CommandHelp.js"
import { describeCommand } from "../CommandHelp.js"
import type { ScenarioListing } from "../Documents.js"
import { SuiteListDocument } from "../Documents.js"
import { dataFormatOption, printJson, printLines, terminalWidth } from "../Output.js"
import { resolveSuitesPath, suitesRootOf } from "../SuitesRoot.js"
import { renderScenarioList } from "../views/SuiteViews.js"

export const suitesListHelp: CommandHelp = {
  usage: "suites list [PATH]",
  summary: "List the scenarios of every suite (or of the suite or scenario PATH names), with their tiers.",
  examples: ["ze suites list", "ze suites list suites/demo --format json"]
}

export const suitesPathArg = Args.directory({ name: "PATH", exists: "yes" }).pipe(
  Args.withDescription("A suites folder, one suite or one scenario (default: suites, or ZE_SUITES_DIR)."),
  Args.optional
)

/** Loads what PATH (or the default suites root) names: the scenarios that load and those that do not. */
export const loadSuitesAt = (path: Option.Option<string>) =>
  Effect.gen(function*() {
    const { root, selection } = resolveSuitesPath(yield* suitesRootOf(path))
    return { root, ...yield* loadSuites(root, selection) }
  })

export const listingOf = (scenario: Scenario): ScenarioListing => ({
  suite: scenario.suite,
  scenario: scenario.name,
  id: scenario.config.id,
  title: scenario.config.title ?? null,
  tiers: tiersOf(scenario),
  hasFixture: Option.isSome(scenario.fixtureDir),
  hasSolution: Option.isSome(scenario.solution),
  file: scenario.file
})

export const suitesList = Command.make(
  "list",
  { path: suitesPathArg, format: dataFormatOption },
  ({ format, path }) =>
    Effect.gen(function*() {
      const { invalid, root, scenarios } = yield* loadSuitesAt(path)
      const document = {
        root,
        scenarios: scenarios.map(listingOf),
        broken: invalid.map(({ file, issues }) => ({ file, issues }))
      }
      if (format === "json") return yield* printJson(SuiteListDocument, document)
      yield* printLines(renderScenarioList(document.scenarios, document.broken, yield* terminalWidth))
    })
).pipe(Command.withDescription(describeCommand(suitesListHelp)))
