/**
 * Harness overhead: what `ze bench` adds to an echo run (workspace copy, evaluation, storage, process start) beyond
 * the time of the scenario's own commands. Two floors from the same run: the validation commands' durations the runs
 * recorded (`metadata.commands[].durationMs`), and every command of the scenario (validation and heuristic checks)
 * spawned directly in a copy of its fixture.
 */
import { cpSync, readdirSync, readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { join } from "node:path"
import { beforeAll, bench, describe } from "vitest"
import { benchEnv, remove, root, run, tempDirectory, zeBin } from "./support/Processes.js"
import { machine, median, ms, publish, smoke, table, verdict } from "./support/Report.js"

const repeat = smoke ? 1 : 10
const concurrencies = [1, 2, 4] as const
const floorRounds = smoke ? 1 : 3
const goalMs = 100
const scenariosDirectory = join(root, "suites", "demo", "scenarios")

interface StoredRun {
  readonly durationMs: number | null
  /** An object in ze's JSON output (`ze bench --format json`); the API's stored form is a JSON string. */
  readonly metadata: string | Record<string, unknown> | null
}

const commandsMs = (stored: StoredRun) => {
  const metadata = (typeof stored.metadata === "string" ? JSON.parse(stored.metadata) : stored.metadata ?? {}) as {
    commands?: ReadonlyArray<{ durationMs?: number }>
  }
  return (metadata.commands ?? []).reduce((total, command) => total + (command.durationMs ?? 0), 0)
}

const zeBench = async (directory: string, concurrency: number, repeats: number) => {
  const started = performance.now()
  const { stdout } = await run(process.execPath, [
    zeBin,
    "bench",
    "demo",
    "--agent",
    "echo",
    "--repeat",
    String(repeats),
    "--concurrency",
    String(concurrency),
    "--format",
    "json",
    "--db",
    join(directory, `ze-c${concurrency}-r${repeats}.db`)
  ], { cwd: root, env: benchEnv, maxBuffer: 64 * 1024 * 1024 }).catch((error: { stdout?: string }) => {
    // Echo runs fail their tests: ze exits non-zero, but the JSON on stdout is complete.
    if (typeof error.stdout === "string" && error.stdout.trim().startsWith("{")) return { stdout: error.stdout }
    throw error
  })
  const wallMs = performance.now() - started
  const runs = (JSON.parse(stdout) as { batch: { runs: ReadonlyArray<StoredRun> } }).batch.runs
  return { concurrency, wallMs, runs }
}

/** Each scenario's validation and heuristic-check commands, as scenario.yaml lists them. */
const scenarioCommands = () => {
  const { parse } = createRequire(join(root, "packages", "harness", "package.json"))("yaml") as {
    parse: (text: string) => unknown
  }
  return readdirSync(scenariosDirectory).map((name) => {
    const spec = parse(readFileSync(join(scenariosDirectory, name, "scenario.yaml"), "utf8")) as {
      validation?: { commands?: Record<string, string> }
      heuristic_checks?: { commands?: ReadonlyArray<{ command: string }> }
    }
    return {
      name,
      validation: Object.values(spec.validation?.commands ?? {}),
      // A check naming a validation command reads that run (ze does not run it twice), so it costs no command time.
      heuristic: (spec.heuristic_checks?.commands ?? []).map((check) => check.command).filter((command) =>
        !Object.values(spec.validation?.commands ?? {}).includes(command)
      )
    }
  })
}

/** The commands spawned one after another in a fresh copy of the fixture: what a run cannot do without. */
const directFloor = async (directory: string) => {
  const scenarios = scenarioCommands()
  const rounds: Array<{ validation: number; all: number }> = []
  for (let round = 0; round < floorRounds; round++) {
    let validation = 0
    let all = 0
    for (const scenario of scenarios) {
      const copy = join(directory, `floor-${round}-${scenario.name}`)
      cpSync(join(scenariosDirectory, scenario.name, "repo-fixture"), copy, { recursive: true })
      for (
        const [kind, commands] of [["validation", scenario.validation], ["heuristic", scenario.heuristic]] as const
      ) {
        for (const command of commands) {
          const started = performance.now()
          await run("sh", ["-c", command], { cwd: copy, env: benchEnv }).catch(() => undefined)
          const elapsed = performance.now() - started
          all += elapsed
          if (kind === "validation") validation += elapsed
        }
      }
    }
    rounds.push({ validation: validation / scenarios.length, all: all / scenarios.length })
  }
  return { validation: median(rounds.map((r) => r.validation)), all: median(rounds.map((r) => r.all)) }
}

beforeAll(async () => {
  const directory = tempDirectory("ze-bench-harness-")
  try {
    await zeBench(directory, 1, 1)
    const floor = await directFloor(directory)
    const results = []
    for (const concurrency of concurrencies) results.push(await zeBench(directory, concurrency, repeat))
    const overheadAt1: Array<number> = []
    const rows = results.map(({ concurrency, runs, wallMs }) => {
      const n = runs.length
      const recorded = runs.reduce((total, stored) => total + commandsMs(stored), 0)
      const slotPerRun = (wallMs * Math.min(concurrency, n)) / n
      const inRun = median(runs.map((stored) => (stored.durationMs ?? 0) - commandsMs(stored)))
      if (concurrency === 1) overheadAt1.push(slotPerRun - recorded / n)
      return [
        String(concurrency),
        String(n),
        ms(wallMs / 1000),
        ms(wallMs / n),
        ms(recorded / n),
        ms(slotPerRun - recorded / n),
        ms(slotPerRun - floor.all),
        ms(inRun),
        concurrency === 1 ? verdict(slotPerRun - recorded / n <= goalMs) : "",
        concurrency === 1 ? verdict(slotPerRun - floor.all <= goalMs) : ""
      ]
    })
    publish(
      "harness",
      [
        "### Harness: overhead per echo run (`ze bench demo --agent echo`, 3 scenarios)",
        "",
        machine(),
        `--repeat ${repeat}; one warm-up batch first. Floors measured in the same run (median of ${floorRounds} rounds, per run): ` +
        `the validation commands spawned directly ${ms(floor.validation)} ms, validation + heuristic-check commands ${
          ms(floor.all)
        } ms.`,
        "",
        table([
          "c",
          "runs",
          "wall s",
          "wall/run ms",
          "recorded commands/run ms",
          "overhead/run ms (vs recorded)",
          "overhead/run ms (vs all commands spawned)",
          "in-run overhead ms (median)",
          `≤ ${goalMs} ms vs recorded`,
          `≤ ${goalMs} ms vs all commands`
        ], rows),
        "",
        "overhead/run = wall × c / runs − commands/run (the worker-slot time a run takes beyond its commands; at c = 1 simply",
        "(wall − Σ commands) / runs). It includes the process start and batch set-up spread over the runs, and the heuristic",
        "checks' own commands (those that are not a validation command), which `commands[]` does not record; the last",
        "floor column counts them. A check that names a validation command reads that run. in-run = a run's own",
        "duration minus its recorded commands. With c above the 2 cores the commands themselves slow down."
      ],
      overheadAt1.map((overhead) => ({
        goal: `harness overhead ≤ ${goalMs} ms an echo run beyond its commands (c = 1, vs recorded)`,
        figure: `${ms(overhead)} ms`,
        pass: overhead <= goalMs
      }))
    )
  } finally {
    remove(directory)
  }
}, 600_000)

// vitest needs a bench in the file; the figures are the table above.
describe("harness", () => {
  bench("parse one scenario.yaml", () => {
    scenarioCommands()
  }, { iterations: 10, warmupIterations: 1, time: 0 })
})
