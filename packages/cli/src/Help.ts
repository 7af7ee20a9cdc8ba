import { HelpDoc, Span } from "@effect/cli"
import { bold, dim } from "./Ansi.js"
import type { CommandHelp } from "./CommandHelp.js"
import { commandTable } from "./Commands.js"
import { legacyEquivalents } from "./Legacy.js"

/** Every command, in the order `ze --help` lists them. */
export const commandHelps: ReadonlyArray<CommandHelp> = commandTable.map((entry) => entry.help)

export const examples: ReadonlyArray<readonly [string, string]> = [
  ["ze bench demo --agent echo,oracle", "run the demo suite with two agents into .ze/ze.db"],
  ["ze bench demo --repeat 5 --baseline BATCH --fail-under 7", "a CI gate: repeats, a baseline and a minimum score"],
  ["ze runs list --suite demo", "the latest runs of the demo suite"],
  ["ze batches show BATCH_ID", "one batch with its breakdowns and failures"],
  ["ze stats --by agent --format json", "per-agent statistics as one JSON document"],
  ["ze compare BASE HEAD", "is the head batch better, worse, or indistinguishable?"],
  ["ze compare BATCH --specialist NAME", "does the specialist help? its runs against the plain agent's, in one batch"],
  ["ze export BATCH_ID --format junit --out results.xml", "a JUnit report for CI"],
  ["ze serve --port 8787", "the API over .ze/ze.db on http://127.0.0.1:8787"],
  ["ze runs list --server http://127.0.0.1:8787", "read from a server instead of the embedded store"]
]

export const exitCodes: ReadonlyArray<readonly [string, string]> = [
  ["0", "everything finished and every gate held"],
  ["1", "a gate failed (--fail-under, a significant regression against --baseline, or --max-cost stopped every run)"],
  ["2", "usage or configuration error (bad flag, unknown run or batch, unreachable server): nothing ran"],
  [
    "3",
    "runs ended in infra_error, agent_error or timeout beyond the allowed share, or results could not be stored and wait in the spool (ze sync)"
  ],
  ["70", "internal error: a bug in ze (the cause is printed)"],
  ["130", "interrupted (Ctrl-C)"]
]

export const environment: ReadonlyArray<readonly [string, string]> = [
  ["ZE_DB", "embedded store file (default .ze/ze.db)"],
  ["ZE_SERVER_URL", "use this server instead of the embedded store (upstream: ZE_BENCHMARKS_WORKER_URL)"],
  ["ZE_API_KEY", "key for writes to a server, and the key `ze serve` accepts (upstream: ZE_BENCHMARKS_API_KEY)"],
  ["NO_COLOR", "no colours (they are also off when the output is not a terminal)"]
]

export const summary = "benchmark AI coding agents, keep the results, compare them"

const aligned = (entries: ReadonlyArray<readonly [string, string]>) => {
  const width = Math.max(...entries.map(([term]) => term.length))
  return entries.map(([term, description]) => `  ${term.padEnd(width)}  ${dim(description)}`)
}

const section = (title: string, lines: ReadonlyArray<string>) => ["", bold(title), ...lines]

const commandList = (helps: ReadonlyArray<CommandHelp>) =>
  aligned(helps.map((help) => [`ze ${help.usage}`, help.summary]))

/** `ze`, `ze --help`: every command in one screen, then examples, exit codes, environment and upstream flags. */
export const rootHelp = (version: string): ReadonlyArray<string> => [
  `${bold("ze")} ${version} -- ${summary}`,
  ...section("USAGE", [
    "  ze <command> [options]",
    dim("  Results go to the embedded store (.ze/ze.db) unless --server or ZE_SERVER_URL names a ze server."),
    dim("  `ze <command> --help` shows the options of one command."),
    dim("  `ze` alone in a terminal (or `ze bench --interactive`) opens a menu; `ze --no-interactive` prints this.")
  ]),
  ...section("COMMANDS", commandList(commandHelps)),
  ...section("EXAMPLES", aligned(examples.map(([command, what]) => [`$ ${command}`, what]))),
  ...section("EXIT CODES", aligned(exitCodes)),
  ...section("ENVIRONMENT", [
    dim("  Read from the environment and from .env in the current directory."),
    ...aligned(environment)
  ]),
  ...section("UPSTREAM FLAGS", [
    dim("  ze-benchmarks' flags still work as the first argument of `ze` or `ze bench`:"),
    ...aligned(legacyEquivalents)
  ]),
  ...section("BUILT IN", [
    "  --help, --version, --wizard (build a command interactively), --completions bash|zsh|fish|sh, --log-level LEVEL"
  ])
]

export const groupHelp = (group: string): ReadonlyArray<string> => [
  `${bold(`ze ${group}`)} <command> [options]`,
  ...section("COMMANDS", commandList(commandHelps.filter((help) => help.usage.startsWith(`${group} `)))),
  "",
  dim(`\`ze ${group} <command> --help\` shows the options of one command; \`ze --help\` shows everything.`)
]

const commonExit = (code: string) => exitCodes.find(([known]) => known === code)!

/** Printed under a command's own help page: the exit codes that command can end with, and nothing else. */
/** Under the root's own help (`ze --wizard` and @effect/cli's pages). */
export const footer = HelpDoc.blocks([
  HelpDoc.h1("EXIT CODES"),
  HelpDoc.p(exitCodes.map(([code, meaning]) => `${code}: ${meaning}`).join("; ")),
  HelpDoc.p(
    Span.weak("`ze --help` lists every command, with examples, the environment variables and upstream's flags.")
  )
])

export const commandFooter = (exits: ReadonlyArray<readonly [string, string]> = []) =>
  HelpDoc.blocks([
    HelpDoc.h1("EXIT CODES"),
    ...[
      ["0", exits.length > 0 ? "finished, and every gate held" : "done"] as const,
      ...exits,
      ...["2", "70", "130"].map(commonExit)
    ]
      .map(([code, meaning]) => HelpDoc.p(`${code.padStart(3)}  ${meaning}`)),
    HelpDoc.p(
      Span.weak("`ze --help` lists every command, with examples, the environment variables and upstream's flags.")
    )
  ])
