import { Option } from "effect"
import { existsSync } from "node:fs"
import { delimiter, isAbsolute, join } from "node:path"
import { orderedCommands } from "../evaluators/Commands.js"
import type { Scenario } from "../scenario/Scenario.js"
import { needsFixture } from "../scenario/Scenario.js"

/** Package-manager commands that fetch dependencies. */
const fetchesDependencies =
  /(^|[;&|]\s*)(npm\s+(install|i|ci|add)|pnpm\s+(install|i|add|dlx)|yarn(\s+(install|add))?\s*($|[;&|])|bun\s+(install|i|add)|npx\s)/

const programOf = (command: string) =>
  command.trim().split(/\s+/).find((word) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word))

const onPath = (program: string, path: string) =>
  isAbsolute(program) || program.includes("/")
    ? true
    : path.split(delimiter).some((dir) => dir !== "" && existsSync(join(dir, program)))

const shellBuiltins = new Set(["cd", "test", "[", "true", "false", "exit", "echo", "set", "export"])

/** The program a shell command starts when it is not installed on `path` (shell builtins are), else `undefined`. */
export const missingProgram = (command: string, path: string): string | undefined => {
  const program = programOf(command)
  return program !== undefined && !shellBuiltins.has(program) && !onPath(program, path) ? program : undefined
}

/** The commands a scenario's evaluation runs: validation commands, then heuristic commands. */
export const evaluationCommands = (scenario: Scenario): ReadonlyArray<string> => [
  ...(scenario.config.validation?.required === false ? [] : orderedCommands(scenario).map(([, command]) => command)),
  ...(scenario.config.heuristic_checks?.enabled === false
    ? []
    : (scenario.config.heuristic_checks?.commands ?? []).map((c) => c.command))
]

/**
 * Why the scenario cannot be evaluated on this machine without running anything: no fixture, a program that is
 * not installed, or (unless `network`) a command that fetches dependencies. `None` when it can.
 */
export const cannotRunHere = (
  scenario: Scenario,
  options: { readonly network: boolean; readonly path?: string }
): Option.Option<string> => {
  if (needsFixture(scenario) && Option.isNone(scenario.fixtureDir)) {
    return Option.some(`no repo-fixture/ or repo/ in ${scenario.dir}`)
  }
  if (scenario.prompts.length === 0) return Option.some(`no prompt in ${scenario.promptsDir}`)
  const path = options.path ?? process.env.PATH ?? ""
  for (const command of evaluationCommands(scenario)) {
    const program = missingProgram(command, path)
    if (program !== undefined) {
      return Option.some(`\`${program}\` (for \`${command}\`) is not installed here`)
    }
    if (!options.network && fetchesDependencies.test(command)) {
      return Option.some(`\`${command}\` fetches dependencies from the network (--network lets it)`)
    }
  }
  return Option.none()
}
