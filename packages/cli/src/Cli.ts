import { CliConfig, Command, Span } from "@effect/cli"
import { ZE_VERSION } from "@ze/domain"
import { Console, Effect } from "effect"
import { batches } from "./commands/Batches.js"
import { bench } from "./commands/Bench.js"
import { compare } from "./commands/Compare.js"
import { exportBatch } from "./commands/Export.js"
import { newCommand } from "./commands/New.js"
import { runs } from "./commands/Runs.js"
import { serve } from "./commands/Serve.js"
import { stats } from "./commands/Stats.js"
import { suites } from "./commands/Suites.js"
import { sync } from "./commands/Sync.js"
import { commandGroups, footer, groupHelp, rootHelp, summary } from "./Help.js"
import { translateLegacyArgs } from "./Legacy.js"

export const ze = Command.make("ze").pipe(
  Command.withDescription(summary),
  Command.withSubcommands([bench, runs, batches, stats, compare, exportBatch, suites, newCommand, serve, sync])
)

const runZe = Command.run(ze, { name: "ze", version: ZE_VERSION, summary: Span.text(summary), footer })

const isHelpFlag = (arg: string | undefined) => arg === "--help" || arg === "-h"

/** `ze`, `ze --help`, `ze runs`, `ze runs --help`: an index of commands rather than every option of each. */
const commandIndex = (args: ReadonlyArray<string>): ReadonlyArray<string> | undefined => {
  if (args.length === 0 || (args.length === 1 && isHelpFlag(args[0]))) return rootHelp(ZE_VERSION)
  const group = commandGroups.find((name) => name === args[0])
  return group !== undefined && (args.length === 1 || (args.length === 2 && isHelpFlag(args[1]))) ? groupHelp(group) : undefined
}

/** Parses and runs one command line (`argv` as `process.argv`: node and the script first). */
export const runCli = (argv: ReadonlyArray<string>) => {
  const [runtime = "node", script = "ze", ...args] = argv
  const index = commandIndex(args)
  return index === undefined
    ? runZe([runtime, script, ...translateLegacyArgs(args)])
    : Console.log(index.join("\n")).pipe(Effect.asVoid)
}

/** Help pages without the long built-in option list (BUILT IN in the footer names those options). */
export const CliConfigLive = CliConfig.layer({ showBuiltIns: false })
