import { CliConfig, Command, Span } from "@effect/cli"
import { ZE_VERSION } from "@ze/domain"
import { Console, Effect, FiberRef, Option } from "effect"
import { renderCommandPage } from "./CommandPage.js"
import { commandGroups, commandTable, topLevelCommands } from "./Commands.js"
import { bashCompletions } from "./Completions.js"
import { UsageError } from "./Errors.js"
import { checkFlags } from "./Flags.js"
import { commandFooter, footer, groupHelp, rootHelp, summary } from "./Help.js"
import { interactiveMenu } from "./interactive/Menu.js"
import { translateLegacyArgs } from "./Legacy.js"
import { reportFailure } from "./Report.js"

/**
 * @effect/cli prints its own wording of a parse error before it fails; ze prints its own (Report.ts). So the parser
 * runs with a console that drops errors, and the command's handler gets the real one back.
 */
const handlerConsole = FiberRef.unsafeMake(Option.none<Console.Console>())

const withoutErrors = (console: Console.Console): Console.Console =>
  Object.assign(Object.create(console) as Console.Console, { error: () => Effect.void })

export const ze = Command.make("ze").pipe(
  Command.withDescription(summary),
  Command.withSubcommands(topLevelCommands),
  Command.transformHandler((effect) =>
    Effect.flatMap(
      FiberRef.get(handlerConsole),
      Option.match({ onNone: () => effect, onSome: (console) => Effect.withConsole(effect, console) })
    )
  )
)

const runZe = Command.run(ze, { name: "ze", version: ZE_VERSION, summary: Span.text(summary), footer })

const isHelpFlag = (arg: string | undefined) => arg === "--help" || arg === "-h"

/** `ze`, `ze --help`, `ze runs`, `ze runs --help`: an index of commands rather than every option of each. */
const commandIndex = (args: ReadonlyArray<string>): ReadonlyArray<string> | undefined => {
  if (args.length === 0 || (args.length === 1 && isHelpFlag(args[0]))) return rootHelp(ZE_VERSION)
  const group = Object.keys(commandGroups).find((name) => name === args[0])
  return group !== undefined && (args.length === 1 || (args.length === 2 && isHelpFlag(args[1])))
    ? groupHelp(group)
    : undefined
}

const commandPages = commandTable.map((entry) => [entry.path, entry.page, commandFooter(entry.exits)] as const)

/** `ze bench --help`, `ze runs list demo -h`: the command's own page (@effect/cli's would read `$ bench ...`). */
const commandHelpPage = (args: ReadonlyArray<string>) => {
  if (!args.some(isHelpFlag)) return undefined
  const found = commandPages.find(([path]) => path.every((word, i) => args[i] === word))
  if (found === undefined) return undefined
  const [path, page, pageFooter] = found
  return Effect.flatMap(
    CliConfig.CliConfig,
    (config) =>
      Console.log(renderCommandPage(page, path.slice(0, -1), `ze ${ZE_VERSION} -- ${summary}`, pageFooter, config))
  )
}

/** stdin and stdout are a terminal: a person can answer the menu's questions. */
const inTerminal = () => process.stdin.isTTY === true && process.stdout.isTTY === true

/** Each choice of the menu runs as if its command line had been typed; a failed command returns to the menu. */
const runFromMenu = (args: ReadonlyArray<string>) =>
  runCli(["node", "ze", ...args]).pipe(Effect.catchAllCause((cause) => Effect.asVoid(reportFailure(cause))))

/**
 * `ze` or `ze bench` alone in a terminal (upstream's bare `pnpm bench`), or `ze bench --interactive`: upstream's menu.
 * Not in a terminal, `ze` prints help and `ze bench` asks for a suite, as before.
 */
const menuRequest = (args: ReadonlyArray<string>) => {
  const asked = args.length === 2 && args[0] === "bench" && args[1] === "--interactive"
  if (asked && !inTerminal()) {
    return new UsageError({ message: "--interactive needs a terminal (stdin and stdout); give the flags instead" })
  }
  const bare = args.length === 0 || (args.length === 1 && args[0] === "bench")
  return asked || (bare && inTerminal()) ? interactiveMenu(runFromMenu) : undefined
}

/** Parses and runs one command line (`argv` as `process.argv`: node and the script first). */
type RunZe = ReturnType<typeof runZe>

export const runCli = (
  argv: ReadonlyArray<string>
): Effect.Effect<void, Effect.Effect.Error<RunZe>, Effect.Effect.Context<RunZe> | CliConfig.CliConfig> => {
  const [runtime = "node", script = "ze", ...args] = argv
  const menu = menuRequest(args)
  if (menu !== undefined) return menu
  const index = commandIndex(args[0] === "--no-interactive" && args.length === 1 ? [] : args)
  if (index !== undefined) return Console.log(index.join("\n")).pipe(Effect.asVoid)
  if (args.length === 2 && args[0] === "--completions" && args[1] === "bash") {
    return Effect.flatMap(bashCompletions(ze, "ze"), Console.log)
  }
  const translated = translateLegacyArgs(args)
  const entry = commandTable.find((candidate) => candidate.path.every((word, i) => translated[i] === word))
  const wrong = entry === undefined
    ? Option.none()
    : checkFlags(entry.usage, entry.path.join(" "), translated.slice(entry.path.length))
  if (Option.isSome(wrong)) return new UsageError({ message: wrong.value })
  return commandHelpPage(args) ??
    Effect.flatMap(Effect.console, (console) =>
      runZe([runtime, script, ...translated]).pipe(
        Effect.withConsole(withoutErrors(console)),
        Effect.locally(handlerConsole, Option.some(console))
      ))
}

/** Help pages without the long built-in option list (BUILT IN in the footer names those options). */
export const CliConfigLive = CliConfig.layer({ showBuiltIns: false })
