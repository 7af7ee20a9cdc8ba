import type { Command } from "@effect/cli"
import { Command as Commands } from "@effect/cli"
import { Effect } from "effect"

/**
 * @effect/cli's bash script, mended: a nested command is matched from its parent's state (`ze__runs,list`, not
 * `ze,runs,list`, which never matches), and the choices of a flag are words (`table json`, not `table,json`).
 */
export const bashCompletions = <Name extends string, R, E, A>(
  command: Command.Command<Name, R, E, A>,
  programName: string
) =>
  Effect.map(Commands.getBashCompletions(command, programName), (lines) =>
    lines.map((line) =>
      line
        .replace(/^(\s+)([\w-]+(?:,[\w-]+)+),([\w-]+)\)$/, (_, indent: string, parents: string, name: string) =>
          `${indent}${parents.replace(/,/g, "__")},${name})`)
        .replace(/compgen -W "([^"$ ]+)"/, (_, words: string) =>
          `compgen -W "${words.replace(/,/g, " ")}"`)
    ).join("\n"))
