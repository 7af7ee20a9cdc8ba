import { describe, expect, it } from "@effect/vitest"
import { ZE_VERSION } from "@ze/domain"
import { afterAll } from "vitest"
import { tempDirectory, ze } from "./support/Ze.js"

const cwd = tempDirectory()
afterAll(cwd.remove)
const run = (...args: ReadonlyArray<string>) => ze(args, { cwd: cwd.directory })

describe("ze: version, help and usage errors", () => {
  it("--version prints the version and exits 0", async () => {
    const result = await run("--version")
    expect(result.code).toBe(0)
    expect(result.stdout.trim()).toBe(ZE_VERSION)
  })

  it("--help lists every command with examples, exit codes, environment and upstream flags", async () => {
    const result = await run("--help")
    expect(result.code).toBe(0)
    for (
      const text of [
        "ze bench [SUITE] [SCENARIO] [TIER] [AGENT]",
        "ze compare BASE [HEAD]",
        "ze suites validate [PATH]",
        "ze new scenario SUITE NAME",
        "ze runs list",
        "ze runs show RUN_ID",
        "ze batches list",
        "ze batches show BATCH_ID",
        "ze stats",
        "ze export BATCH_ID",
        "ze serve",
        "EXAMPLES",
        "$ ze export BATCH_ID --format junit --out results.xml",
        "EXIT CODES",
        "usage or configuration error",
        "runs ended in infra_error, agent_error or timeout",
        "ZE_SERVER_URL",
        "ZE_BENCHMARKS_WORKER_URL",
        "--history [N]",
        "--completions"
      ]
    ) expect(result.stdout).toContain(text)
    expect(result.stdout).not.toContain(`${String.fromCharCode(27)}[`)
  })

  it("no arguments prints the same index", async () => {
    const [bare, help] = await Promise.all([run(), run("--help")])
    expect(bare.code).toBe(0)
    expect(bare.stdout).toBe(help.stdout)
  })

  it("a group without its subcommand lists its subcommands", async () => {
    const result = await run("batches")
    expect(result.code).toBe(0)
    expect(result.stdout).toContain("ze batches list")
    expect(result.stdout).toContain("ze batches show BATCH_ID")
    expect(result.stdout).not.toContain("ze runs list")
  })

  it("a command's --help shows its options, examples and the exit codes", async () => {
    const result = await run("runs", "list", "--help")
    expect(result.code).toBe(0)
    for (
      const text of [
        "--suite SUITE",
        "--format",
        "--server URL",
        "--db FILE",
        "$ ze runs list --suite demo --status failed",
        "EXIT CODES"
      ]
    ) {
      expect(result.stdout).toContain(text)
    }
  })

  it("ze bench --help documents the matrix flags, the gates and the exit codes", async () => {
    const result = await run("bench", "--help")
    expect(result.code).toBe(0)
    for (
      const text of [
        "--repeat",
        "--iterations",
        "--concurrency",
        "--max-cost USD",
        "--resume BATCH",
        "--shard i/n",
        "--dry-run",
        "--fail-under SCORE",
        "--baseline BATCH",
        "--allow-errors SHARE",
        "$ ze bench smoke greeting L0 echo",
        "EXIT CODES"
      ]
    ) expect(result.stdout).toContain(text)
  })

  it("a command's --help names it as typed (`$ ze runs list`) and drops the generic \"user-defined piece of text\"", async () => {
    const [bench, list] = await Promise.all([run("bench", "--help"), run("runs", "list", "--help")])
    expect(bench.stdout).toMatch(/^\$ ze bench --suite SUITE/m)
    expect(list.stdout).toMatch(/^\$ ze runs list /m)
    for (const page of [bench, list]) {
      expect(page.code).toBe(0)
      expect(page.stdout).not.toContain("A user-defined piece of text")
      expect(page.stdout).not.toMatch(/^\$ (bench|list) /m)
    }
  })

  it("--completions prints a shell completion script", async () => {
    const result = await run("--completions", "bash")
    expect(result.code).toBe(0)
    expect(result.stdout).toContain("complete")
    expect(result.stdout).toContain("runs")
  })

  it.each([
    [["runs", "list", "--bogus"], "--bogus is not an option of ze runs list"],
    [["stats", "--by", "color"], "ze: --by: expected one of agent, model"],
    [["runs", "show"], "RUN_ID"],
    [["runs", "list", "--limit", "many"], "many"],
    [["frobnicate"], "Invalid subcommand"],
    [["runs", "list", "--server", "ftp://example"], "Not an http(s) URL"],
    [["runs", "list", "--server", "http://127.0.0.1:9", "--db", "x.db"], "--server and --db"]
  ])("bad usage %j exits 2 with a message and no stack trace", async (args, message) => {
    const result = await run(...args)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(message)
    expect(result.stderr).not.toMatch(/\n\s+at /)
    expect(result.stdout).toBe("")
  })
})
