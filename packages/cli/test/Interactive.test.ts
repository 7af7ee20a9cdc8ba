import { describe, expect, it } from "@effect/vitest"
import { execFileSync } from "node:child_process"
import { existsSync, mkdirSync, readdirSync } from "node:fs"
import { join } from "node:path"
import { afterAll } from "vitest"
import { agentFlags, benchArguments, commandLine } from "../src/interactive/CommandLine.js"
import { repoSuites } from "./support/Suites.js"
import { cleanEnv, tempDirectory, ze, zeBin } from "./support/Ze.js"

const directories: Array<ReturnType<typeof tempDirectory>> = []
afterAll(() => directories.forEach((directory) => directory.remove()))

const workspace = () => {
  const directory = tempDirectory("ze-menu-")
  directories.push(directory)
  return directory.directory
}

const hasTmux = (() => {
  try {
    execFileSync("tmux", ["-V"], { stdio: "ignore" })
    return true
  } catch {
    return false
  }
})()
if (!hasTmux) {
  console.warn("Skipping the interactive menu's terminal tests: tmux is not installed (.ci/run installs it)")
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** `ze` in a real pseudo-terminal: a tmux server of its own, driven by keys and read back from the screen. */
const terminal = (cwd: string, env: Record<string, string>, args: ReadonlyArray<string> = []) => {
  const socket = `ze-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`
  const tmux = (...args: ReadonlyArray<string>) =>
    execFileSync("tmux", ["-L", socket, ...args], { cwd, env: cleanEnv(env), encoding: "utf8" })
  const command = `'${process.execPath}' '${zeBin}' ${args.join(" ")}; echo "ZE-EXITED $?"; sleep 60`
  tmux("new-session", "-d", "-s", "ze", "-x", "160", "-y", "50", command)
  const screen = () => tmux("capture-pane", "-p", "-J", "-S", "-3000", "-t", "ze")
  return {
    screen,
    keys: async (...keys: ReadonlyArray<string>) => {
      for (const key of keys) {
        tmux("send-keys", "-t", "ze", key)
        await sleep(250)
      }
    },
    /** Waits until `text` is on the screen `times` times (default once). */
    waitFor: async (text: string, times = 1, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs
      while (Date.now() < deadline) {
        if (screen().split(text).length - 1 >= times) return screen()
        await sleep(200)
      }
      throw new Error(`"${text}" did not appear ${times} time(s) on the screen:\n${screen()}`)
    },
    close: () => {
      try {
        tmux("kill-server")
      } catch {
        // already gone
      }
    }
  }
}

describe("the command line the menu shows", () => {
  it("is the ze bench a user would type: all for every suite and tier, lists otherwise", () => {
    const base = {
      scenarios: ["greeting"],
      allScenarios: true,
      tiers: ["L0", "L1"],
      allTiers: true,
      agents: ["echo", "oracle"],
      specialists: [],
      models: [],
      repeat: 1,
      concurrency: 1
    }
    expect(commandLine(benchArguments({ ...base, suites: ["demo", "smoke"], allSuites: true }))).toBe(
      "ze bench all --tier all --agent echo,oracle"
    )
    expect(
      commandLine(benchArguments({
        ...base,
        suites: ["demo", "smoke"],
        allSuites: false,
        allScenarios: false,
        allTiers: false,
        models: ["claude-sonnet-4-5"],
        repeat: 3,
        concurrency: 2
      }))
    ).toBe(
      "ze bench --suite demo,smoke --scenario greeting --tier L0,L1 --agent echo,oracle --model claude-sonnet-4-5 --repeat 3 --concurrency 2"
    )
    expect(commandLine(["new", "suite", "it's"])).toBe("ze new suite 'it'\\''s'")
  })

  it("a specialist picked next to agents becomes --specialist with its base agent in --agent", () => {
    const echo = { agent: "echo", wrappable: false }
    const anthropic = { agent: "anthropic", wrappable: true }
    const openai = { agent: "openai", wrappable: true }
    expect(agentFlags([echo, { ...anthropic, specialist: "fizz" }])).toEqual({
      agents: ["echo", "anthropic"],
      specialists: ["fizz"],
      extra: []
    })
    // The plain agent beside its specialist is --specialist none; flags are a cross product, and the extra is named.
    expect(agentFlags([anthropic, { ...anthropic, specialist: "fizz" }, openai])).toEqual({
      agents: ["anthropic", "openai"],
      specialists: ["none", "fizz"],
      extra: ["openai+fizz"]
    })
    expect(agentFlags([echo, anthropic])).toEqual({ agents: ["echo", "anthropic"], specialists: [], extra: [] })
  })
})

describe("ze without a terminal", () => {
  it("prints the help with --no-interactive, and refuses ze bench --interactive", async () => {
    const cwd = workspace()
    const [bare, flag, help, asked] = await Promise.all([
      ze([], { cwd }),
      ze(["--no-interactive"], { cwd }),
      ze(["--help"], { cwd }),
      ze(["bench", "--interactive"], { cwd })
    ])
    expect(bare.stdout).toBe(help.stdout)
    expect(flag.code).toBe(0)
    expect(flag.stdout).toBe(help.stdout)
    expect(asked.code).toBe(2)
    expect(asked.stderr).toContain("--interactive needs a terminal")
  })
})

describe.skipIf(!hasTmux)("the interactive menu in a terminal", () => {
  it(
    "builds a benchmark from multi-selects, shows its command line, runs it, compares two batches and exits",
    async () => {
      const cwd = workspace()
      const env = { ZE_SUITES_DIR: repoSuites, NO_COLOR: "1" }
      const first = await ze(["bench", "smoke", "greeting", "L0", "echo"], { cwd, env })
      expect(first.code).toBe(0)
      const tty = terminal(cwd, env)
      try {
        await tty.waitFor("What do you want to do?")
        await tty.keys("Enter")
        await tty.waitFor("Suites")
        // All, Inverse Selection, demo, smoke: smoke only.
        await tty.keys("Down", "Down", "Down", "Space", "Enter")
        await tty.waitFor("Scenarios")
        await tty.keys("Space", "Enter")
        await tty.waitFor("Tiers")
        await tty.keys("Down", "Down", "Space", "Enter")
        await tty.waitFor("Agents")
        await tty.keys("Down", "Down", "Space", "Down", "Space", "Enter")
        await tty.waitFor("Repeats of each cell")
        await tty.keys("Enter")
        await tty.waitFor("Cells at the same time")
        await tty.keys("Enter")
        const shown = await tty.waitFor("Run it now?")
        expect(shown).toContain("Equivalent command: ze bench smoke --tier L0 --agent echo,oracle")
        await tty.keys("Enter")
        const report = await tty.waitFor("What do you want to do?", 2, 120_000)
        expect(report).toMatch(/smoke\/greeting \(L0\) oracle - 10\.00\/10 passed/)
        expect(report).toContain("Stored in .ze/ze.db as batch")

        await tty.keys("Down", "Down", "Down", "Enter")
        await tty.waitFor("Base batch (before)")
        await tty.keys("Enter")
        await tty.waitFor("Head batch (after)")
        await tty.keys("Enter")
        const compared = await tty.waitFor("What do you want to do?", 3, 60_000)
        expect(compared).toMatch(/Equivalent command: ze compare batch-\S+ batch-\S+/)
        expect(compared).toMatch(/insufficient evidence/i)

        await tty.keys("Down", "Enter")
        await tty.waitFor("History of")
        await tty.keys("Down", "Enter")
        await tty.waitFor("How many")
        await tty.keys("Enter")
        const history = await tty.waitFor("What do you want to do?", 4)
        expect(history).toContain("Equivalent command: ze batches list --limit 5")

        await tty.keys(...Array.from({ length: 8 }, () => "Down"), "Enter")
        await tty.waitFor("ZE-EXITED 0")
      } finally {
        tty.close()
      }
    },
    240_000
  )

  it(
    "scaffolds a suite and a scenario, shows statistics, and a Ctrl-C in a question goes back to the menu",
    async () => {
      const cwd = workspace()
      const suites = join(cwd, "suites")
      mkdirSync(suites)
      const tty = terminal(cwd, { ZE_SUITES_DIR: suites, NO_COLOR: "1" })
      try {
        await tty.waitFor("What do you want to do?")
        await tty.keys("Down", "Down", "Down", "Down", "Enter")
        await tty.waitFor("Suite name")
        await tty.keys("C-c")
        await tty.waitFor("What do you want to do?", 2)
        expect(readdirSync(suites)).toEqual([])
        await tty.keys("Down", "Down", "Down", "Down", "Enter")
        await tty.waitFor("Suite name", 2)
        await tty.keys("-l", "my-suite", "Enter")
        const created = await tty.waitFor("What do you want to do?", 3)
        expect(created).toContain("Equivalent command: ze new suite my-suite")
        await tty.keys("Down", "Down", "Down", "Down", "Down", "Enter")
        await tty.waitFor("❯ my-suite")
        await tty.keys("Enter")
        await tty.waitFor("Scenario name")
        await tty.keys("-l", "first-task", "Enter")
        const scaffolded = await tty.waitFor("What do you want to do?", 4)
        expect(scaffolded).toContain("Equivalent command: ze new scenario my-suite first-task")
        expect(existsSync(join(suites, "my-suite", "scenarios", "first-task", "scenario.yaml"))).toBe(true)
        await tty.keys("Down", "Down", "Enter")
        await tty.waitFor("Statistics")
        await tty.keys("Enter")
        const stats = await tty.waitFor("What do you want to do?", 5)
        expect(stats).toContain("Equivalent command: ze stats")
        await tty.keys("C-c")
        await tty.waitFor("ZE-EXITED 0")
      } finally {
        tty.close()
      }
    },
    240_000
  )

  it(
    "lists the specialists beside the suites next to the agents; the command it builds is one ze bench accepts",
    async () => {
      const cwd = workspace()
      const env = { ZE_SUITES_DIR: repoSuites, NO_COLOR: "1", ANTHROPIC_API_KEY: "" }
      const tty = terminal(cwd, env)
      try {
        await tty.waitFor("What do you want to do?")
        await tty.keys("Enter")
        await tty.waitFor("Suites")
        await tty.keys("Down", "Down", "Down", "Space", "Enter")
        await tty.waitFor("Scenarios")
        await tty.keys("Space", "Enter")
        await tty.waitFor("Tiers")
        await tty.keys("Down", "Down", "Space", "Enter")
        const agents = await tty.waitFor("Agents and specialists")
        expect(agents).toContain("anthropic+fizzbuzz-specialist (specialist)")
        expect(agents).toContain("openai+fizzbuzz-specialist (specialist)")
        // All, Inverse Selection, echo, oracle, anthropic, openai, claude-code, anthropic+fizzbuzz-specialist.
        await tty.keys("Down", "Down", "Space", ...Array.from({ length: 5 }, () => "Down"), "Space", "Enter")
        await tty.waitFor("Models")
        await tty.keys("Enter")
        await tty.waitFor("Repeats of each cell")
        await tty.keys("Enter")
        await tty.waitFor("Cells at the same time")
        await tty.keys("Enter")
        const shown = await tty.waitFor("Run it now?")
        const command = "ze bench smoke --tier L0 --agent echo,anthropic --specialist fizzbuzz-specialist"
        expect(shown).toContain(`Equivalent command: ${command}`)
        await tty.keys("n")
        await tty.waitFor("What do you want to do?", 2)
        await tty.keys("C-c")
        await tty.waitFor("ZE-EXITED 0")
        const dry = await ze([...command.split(" ").slice(1), "--dry-run", "--format", "json"], {
          cwd,
          env: { ...env, ANTHROPIC_API_KEY: "test-key" }
        })
        expect(dry.code).toBe(0)
        const cells = (JSON.parse(dry.stdout) as {
          cells: ReadonlyArray<{ agent: string; specialist?: string }>
        }).cells
        expect(cells.map((cell) => [cell.agent, cell.specialist])).toEqual([
          ["echo", undefined],
          ["anthropic", "fizzbuzz-specialist"]
        ])
      } finally {
        tty.close()
      }
    },
    240_000
  )

  it("ze bench alone and ze bench --interactive open it too (upstream's bare pnpm bench)", async () => {
    const cwd = workspace()
    for (const args of [["bench"], ["bench", "--interactive"]]) {
      const tty = terminal(cwd, { ZE_SUITES_DIR: repoSuites, NO_COLOR: "1" }, args)
      try {
        await tty.waitFor("What do you want to do?")
        await tty.keys("C-c")
        await tty.waitFor("ZE-EXITED 0")
      } finally {
        tty.close()
      }
    }
  }, 120_000)
})
