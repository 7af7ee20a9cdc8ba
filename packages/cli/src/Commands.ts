import { Command, type Usage } from "@effect/cli"
import { Array as Arr } from "effect"
import type { CommandHelp } from "./CommandHelp.js"
import { type CommandPage, commandPage } from "./CommandPage.js"
import { batchesList, batchesListHelp } from "./commands/BatchesList.js"
import { batchesShow, batchesShowHelp } from "./commands/BatchesShow.js"
import { bench, benchHelp } from "./commands/Bench.js"
import { compare, compareHelp } from "./commands/Compare.js"
import { exportBatch, exportHelp } from "./commands/Export.js"
import { newScenario, newScenarioHelp, newSuite, newSuiteHelp } from "./commands/New.js"
import { plan, planHelp } from "./commands/Plan.js"
import { runsList, runsListHelp } from "./commands/RunsList.js"
import { runsShow, runsShowHelp } from "./commands/RunsShow.js"
import { serve, serveHelp } from "./commands/Serve.js"
import { stats, statsHelp } from "./commands/Stats.js"
import { suitesCheck, suitesCheckHelp } from "./commands/SuitesCheck.js"
import { suitesList, suitesListHelp } from "./commands/SuitesList.js"
import { suitesValidate, suitesValidateHelp } from "./commands/SuitesValidate.js"
import { sync, syncHelp } from "./commands/Sync.js"

/** A command that runs something, by the words that name it under `ze` (`["runs", "list"]`). */
export interface CommandEntry<C> {
  readonly path: readonly [string] | readonly [string, string]
  readonly command: C
  readonly help: CommandHelp
  /** The flags and arguments the command takes, as @effect/cli parses them. */
  readonly usage: Usage.Usage
  /** The command's `--help` page. */
  readonly page: CommandPage
  /** The exit codes besides 0, 2, 70 and 130 that this command can end with, and when. */
  readonly exits: ReadonlyArray<readonly [string, string]>
}

const entry = <const P extends readonly [string] | readonly [string, string], Name extends string, R, E, A>(
  path: P,
  command: Command.Command<Name, R, E, A>,
  help: CommandHelp,
  exits: ReadonlyArray<readonly [string, string]> = []
) =>
  ({ path, command, help, usage: Command.getUsage(command), page: commandPage(command), exits }) satisfies CommandEntry<
    Command.Command<Name, R, E, A>
  >

/** Groups that only hold other commands: `ze runs` prints the index of its subcommands. */
export const commandGroups = {
  runs: "Stored runs.",
  batches: "Stored batches.",
  suites: "Suites and scenarios on disk.",
  new: "Scaffold suites and scenarios."
} as const
export type CommandGroup = keyof typeof commandGroups

/** Every command, in the order `ze --help` lists them; `ze` and the help pages are both built from this table. */
export const commandTable = [
  entry(["bench"], bench, benchHelp, [
    ["1", "a gate failed: --fail-under, a significant regression against --baseline, or --max-cost stopped every run"],
    [
      "3",
      "runs ended in infra_error, agent_error or timeout beyond --allow-errors, or results wait in the spool (ze sync)"
    ]
  ]),
  entry(["runs", "list"], runsList, runsListHelp),
  entry(["runs", "show"], runsShow, runsShowHelp),
  entry(["batches", "list"], batchesList, batchesListHelp),
  entry(["batches", "show"], batchesShow, batchesShowHelp),
  entry(["stats"], stats, statsHelp),
  entry(["compare"], compare, compareHelp, [["1", "--fail-on-worse and the verdict is worse"]]),
  entry(["plan"], plan, planHelp),
  entry(["export"], exportBatch, exportHelp),
  entry(["suites", "list"], suitesList, suitesListHelp),
  entry(["suites", "validate"], suitesValidate, suitesValidateHelp, [["1", "a scenario is broken"]]),
  entry(["suites", "check"], suitesCheck, suitesCheckHelp, [["1", "a scenario is not valid"]]),
  entry(["new", "suite"], newSuite, newSuiteHelp),
  entry(["new", "scenario"], newScenario, newScenarioHelp),
  entry(["serve"], serve, serveHelp),
  entry(["sync"], sync, syncHelp, [["1", "results were not accepted and stay in the spool"]])
] as const

type TableCommand = (typeof commandTable)[number]["command"]

const group = (name: CommandGroup) =>
  Command.make(name).pipe(
    Command.withDescription(commandGroups[name]),
    Command.withSubcommands(
      commandTable.filter((entry) => entry.path[0] === name).map((entry) =>
        entry.command
      ) as unknown as Arr.NonEmptyReadonlyArray<TableCommand>
    )
  )

const isGroup = (name: string): name is CommandGroup => name in commandGroups

/** What `ze` dispatches to, in the table's order: a command, or the group of those that share its first word. */
export const topLevelCommands = Arr.dedupe(commandTable.map((entry) => entry.path[0])).map((name) =>
  isGroup(name) ? group(name) : commandTable.find((entry) => entry.path[0] === name)!.command
) as unknown as Arr.NonEmptyReadonlyArray<TableCommand | ReturnType<typeof group>>
