import { Effect, Option } from "effect"
import { createHash } from "node:crypto"
import { readdir, readFile, stat } from "node:fs/promises"
import { join, relative } from "node:path"
import type { Scenario } from "./Scenario.js"

const filesOf = async (path: string): Promise<Array<string>> => {
  const info = await stat(path).catch(() => undefined)
  if (info === undefined) return []
  if (!info.isDirectory()) return [path]
  const entries = await readdir(path, { withFileTypes: true })
  const nested = await Promise.all(
    entries.filter((e) => e.name !== "node_modules" && e.name !== ".git").map((e) => filesOf(join(path, e.name)))
  )
  return nested.flat()
}

/**
 * A content hash of what defines a scenario: `scenario.yaml`, its prompts, its oracle answers, its fixture and its
 * solution (`node_modules` and `.git` left out). Two scenarios with one fingerprint are the same task.
 */
export const scenarioFingerprint = (scenario: Scenario) =>
  Effect.promise(async () => {
    const roots = [
      scenario.file,
      scenario.promptsDir,
      ...Option.toArray(scenario.oracleAnswersFile),
      ...Option.toArray(scenario.fixtureDir),
      ...Option.toArray(Option.map(scenario.solution, (s) => (s._tag === "Overlay" ? s.dir : s.file)))
    ]
    const files = [...new Set((await Promise.all(roots.map(filesOf))).flat())].sort()
    const hash = createHash("sha256")
    for (const file of files) {
      const name = file.startsWith(scenario.promptsDir)
        ? `prompts/${relative(scenario.promptsDir, file)}`
        : relative(scenario.dir, file)
      hash.update(`${name}\0${createHash("sha256").update(await readFile(file)).digest("hex")}\n`)
    }
    return hash.digest("hex").slice(0, 32)
  }).pipe(Effect.withSpan("scenarioFingerprint"))
