import { Effect, Option } from "effect"
import { readdir, readFile } from "node:fs/promises"
import { join, relative } from "node:path"
import type { ToolError } from "../tools/ToolError.js"
import type { Agent, AgentInput } from "./Agent.js"
import { AgentError, noUsage } from "./Agent.js"

const filesUnder = async (dir: string): Promise<Array<string>> => {
  const entries = await readdir(dir, { withFileTypes: true })
  const nested = await Promise.all(entries.map((e) => {
    const path = join(dir, e.name)
    return e.isDirectory() ? filesUnder(path) : Promise.resolve([path])
  }))
  return nested.flat().sort()
}

const failure = (message: string) => new AgentError({ agent: "oracle", message })

const applySolution = (input: AgentInput): Effect.Effect<string, AgentError | ToolError> =>
  Option.match(input.scenario.solution, {
    onNone: () =>
      Effect.fail(failure(`${input.scenario.suite}/${input.scenario.name} has no solution/ folder or solution.patch`)),
    onSome: (solution) =>
      solution._tag === "Overlay"
        ? Effect.gen(function*() {
          const files = yield* Effect.tryPromise({
            try: () => filesUnder(solution.dir),
            catch: (error) => failure(`Cannot list ${solution.dir}: ${String(error)}`)
          })
          for (const file of files) {
            const content = yield* Effect.tryPromise({
              try: () => readFile(file, "utf8"),
              catch: (error) => failure(`Cannot read ${file}: ${String(error)}`)
            })
            yield* input.tools.writeFile(relative(solution.dir, file), content)
          }
          return `Applied ${files.length} file(s) from solution/`
        })
        : Effect.gen(function*() {
          const patch = yield* Effect.tryPromise({
            try: () => readFile(solution.file, "utf8"),
            catch: (error) => failure(`Cannot read ${solution.file}: ${String(error)}`)
          })
          const applied = yield* input.tools.applyPatch(patch)
          return `Applied solution.patch to ${applied.files.length} file(s)`
        })
  })

/** Applies the scenario's reference solution (`solution/` overlaid on the fixture, or `solution.patch`). */
export const oracleAgent: Agent = {
  name: "oracle",
  version: "1",
  usesModel: false,
  run: (input) =>
    Effect.gen(function*() {
      yield* input.transcript.message("user", input.prompt)
      const finalText = yield* applySolution(input).pipe(
        Effect.catchTag("ToolError", (error) => Effect.fail(failure(error.message)))
      )
      yield* input.transcript.message("assistant", finalText)
      return { finalText, usage: noUsage }
    })
}
