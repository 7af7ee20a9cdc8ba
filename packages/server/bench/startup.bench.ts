/**
 * Start-up: `ze --help` and `ze bench demo --dry-run` beside `node -e 0` (the floor of any Node CLI), each spawned
 * and waited for; rounds interleave the three so drift hits them alike.
 */
import { execFileSync } from "node:child_process"
import { join } from "node:path"
import { beforeAll, bench, describe } from "vitest"
import { benchEnv, remove, root, tempDirectory, zeBin } from "./support/Processes.js"
import { machine, median, ms, publish, ratio, smoke, table, verdict } from "./support/Report.js"

const rounds = smoke ? 1 : 5
const helpGoalMs = 500

const time = (args: ReadonlyArray<string>) => {
  const started = performance.now()
  try {
    execFileSync(process.execPath, args, { cwd: root, env: benchEnv, stdio: "ignore" })
  } catch (error) {
    throw new Error(`node ${args.join(" ")} failed: ${String(error)}`)
  }
  return performance.now() - started
}

beforeAll(() => {
  const directory = tempDirectory("ze-bench-startup-")
  try {
    const commands: ReadonlyArray<readonly [string, ReadonlyArray<string>]> = [
      ["node -e 0 (floor)", ["-e", "0"]],
      ["ze --help", [zeBin, "--help"]],
      ["ze bench demo --dry-run --db <tmp>", [zeBin, "bench", "demo", "--dry-run", "--db", join(directory, "ze.db")]]
    ]
    // The warm-up builds the CLI bundle (and its cache), as a user's first command after a change would.
    for (const [, args] of commands) time(args)
    const samples = commands.map(() => [] as Array<number>)
    for (let round = 0; round < rounds; round++) commands.forEach(([, args], i) => samples[i]!.push(time(args)))
    const floor = median(samples[0]!)
    const rows = commands.map(([label], i) => {
      const m = median(samples[i]!)
      return [
        label,
        ms(m),
        ms(Math.min(...samples[i]!)),
        ms(Math.max(...samples[i]!)),
        i === 0 ? "" : ms(m - floor),
        i === 0 ? "" : ratio(m / floor),
        i === 1 ? verdict(m <= helpGoalMs) : ""
      ]
    })
    const help = median(samples[1]!)
    publish("startup", [
      `### Start-up: spawn to exit (median of ${rounds} after a warm-up that builds the CLI bundle)`,
      "",
      machine(),
      "",
      table(["command", "median ms", "min ms", "max ms", "minus node -e 0", "× node -e 0", `≤ ${helpGoalMs} ms`], rows)
    ], [{ goal: `\`ze --help\` ≤ ${helpGoalMs / 1000} s`, figure: `${ms(help)} ms`, pass: help <= helpGoalMs }])
  } finally {
    remove(directory)
  }
}, 300_000)

// vitest needs a bench in the file; the figures are the table above.
describe("start-up", () => {
  bench("node -e 0", () => {
    time(["-e", "0"])
  }, { iterations: 3, warmupIterations: 0, time: 0 })
})
