import { Args, Command, HelpDoc } from "@effect/cli"
import { FileSystem } from "@effect/platform"
import { Console, Effect } from "effect"
import { join } from "node:path"
import { green } from "../Ansi.js"
import type { CommandHelp } from "../CommandHelp.js"
import { describeCommand } from "../CommandHelp.js"
import { FileError, UsageError } from "../Errors.js"
import { kebabCase, suitesDirOption, suitesRootOf } from "../SuitesRoot.js"
import { fixtureReadme, prompts, scenarioYaml, starterFixture } from "../templates/ScenarioTemplate.js"
import { displayPath } from "../views/SuiteViews.js"

export const newSuiteHelp: CommandHelp = {
  usage: "new suite NAME",
  summary: "Create suites/NAME with its scenarios/ and prompts/ folders (NAME in kebab-case).",
  examples: ["ze new suite react-upgrades"]
}

export const newScenarioHelp: CommandHelp = {
  usage: "new scenario SUITE NAME",
  summary: "Create a scenario from the template: scenario.yaml, oracle answers, a fixture folder and L0..L2 prompts.",
  examples: ["ze new scenario react-upgrades router-v7", "ze suites validate suites/react-upgrades"]
}

const kebabName = (label: string) =>
  Args.text({ name: label }).pipe(
    Args.withDescription(`${label} in kebab-case (letters, digits and single dashes).`),
    Args.mapEffect((name) =>
      kebabCase.test(name)
        ? Effect.succeed(name)
        : Effect.fail(HelpDoc.p(`${label} must be kebab-case (e.g. my-${label.toLowerCase()}), got '${name}'`))
    )
  )

const writeFiles = (files: ReadonlyArray<readonly [string, string]>) =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    for (const [path, content] of files) {
      yield* fs.makeDirectory(join(path, ".."), { recursive: true })
      yield* fs.writeFileString(path, content, { flag: "wx" })
      yield* Console.log(`${green("created")} ${displayPath(path)}`)
    }
  }).pipe(Effect.mapError((error) => new FileError({ message: error.message, path: "" })))

const mustNotExist = (path: string, what: string) =>
  Effect.flatMap(FileSystem.FileSystem, (fs) => fs.exists(path)).pipe(
    Effect.orDie,
    Effect.flatMap((exists) =>
      exists ? Effect.fail(new UsageError({ message: `${what} already exists: ${displayPath(path)}` })) : Effect.void
    )
  )

export const newSuite = Command.make(
  "suite",
  { name: kebabName("NAME"), suitesDir: suitesDirOption },
  ({ name, suitesDir }) =>
    Effect.gen(function*() {
      const suite = join(yield* suitesRootOf(suitesDir), name)
      yield* mustNotExist(suite, "Suite")
      yield* writeFiles([[join(suite, "scenarios", ".gitkeep"), ""], [join(suite, "prompts", ".gitkeep"), ""]])
      yield* Console.log(`Next: ze new scenario ${name} <scenario-name>`)
    })
).pipe(Command.withDescription(describeCommand(newSuiteHelp)))

export const newScenario = Command.make(
  "scenario",
  { suite: kebabName("SUITE"), name: kebabName("NAME"), suitesDir: suitesDirOption },
  ({ name, suite, suitesDir }) =>
    Effect.gen(function*() {
      const suiteDir = join(yield* suitesRootOf(suitesDir), suite)
      const fs = yield* FileSystem.FileSystem
      if (!(yield* Effect.orDie(fs.exists(join(suiteDir, "scenarios"))))) {
        return yield* new UsageError({
          message: `No suite ${displayPath(suiteDir)}: create it with \`ze new suite ${suite}\``
        })
      }
      const scenarioDir = join(suiteDir, "scenarios", name)
      const promptsDir = join(suiteDir, "prompts", name)
      yield* mustNotExist(scenarioDir, "Scenario")
      yield* mustNotExist(promptsDir, "Prompts folder")
      yield* writeFiles([
        [join(scenarioDir, "scenario.yaml"), scenarioYaml(suite, name)],
        [join(scenarioDir, "oracle-answers.json"), "{}\n"],
        [join(scenarioDir, "repo-fixture", "README.md"), fixtureReadme(suite, name)],
        ...starterFixture.map(([file, text]) => [join(scenarioDir, file), text] as const),
        ...prompts.map(([file, text]) => [join(promptsDir, file), text(name)] as const)
      ])
      yield* Console.log(
        `Next: fill in the TODOs, replace the starter fixture and solution/ with your task (echo fails it, oracle passes it as it is), then \`ze suites validate ${
          displayPath(scenarioDir)
        }\``
      )
    })
).pipe(Command.withDescription(describeCommand(newScenarioHelp)))
