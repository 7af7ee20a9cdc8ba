import { describe, expect, it } from "@effect/vitest"
import { fileURLToPath } from "node:url"
import { afterAll } from "vitest"
import { tempDirectory, ze } from "./support/Ze.js"

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url))

const cwd = tempDirectory()
afterAll(cwd.remove)
const run = (...args: ReadonlyArray<string>) => ze(args, { cwd: cwd.directory })

describe("ze: one error style", () => {
  it.each([
    [["bench", "demo", "--format", "xml"], `ze: --format: expected one of table, json, markdown, junit (got "xml")`],
    [["runs", "list", "--status", "bogus"], `ze: --status: expected one of passed, failed,`],
    [
      ["stats", "--by=foo"],
      `ze: --by: expected one of agent, model, suite, scenario, tier, specialist, evaluator (got "foo")`
    ],
    [["bench", "demo", "--repeat", "x"], `ze: --repeat: expected a whole number (got "x")`],
    [["runs", "list", "-n", "0"], "ze: --limit: expected at least 1 (got 0)"],
    [["serve", "--port", "0"], "ze: --port: expected 1 to 65535 (got 0)"],
    [["bench", "demo", "--max-cost", "abc"], `ze: --max-cost: expected a number (got "abc")`],
    [["bench", "demo", "--repeat", "1", "--repeat", "2"], "ze: --repeat was given twice"],
    [["runs", "list", "--suite", "a", "--suite", "b"], "ze: --suite was given twice"],
    [["compare", "a"], "ze: compare needs HEAD (a second batch), or a side flag"],
    [["runs", "list", "--bogus"], "ze: --bogus is not an option of ze runs list. See ze runs list --help."],
    [["runs", "list", "--formt", "json"], "ze: --formt is not an option of ze runs list; did you mean --format?"],
    [["bench", "demo", "--agnt", "echo"], "ze: --agnt is not an option of ze bench; did you mean --agent?"]
  ])("%j", async (args, message) => {
    const result = await run(...args)
    expect(result.code).toBe(2)
    expect(result.stderr.split("\n")[0]).toContain(message)
    expect(result.stderr).not.toMatch(/a integer|Received unknown argument|Expected one of the following/)
  })

  it("an unknown scenario lists those the suite has", async () => {
    const result = await ze(["bench", "demo", "nosuch", "--dry-run"], { cwd: repoRoot })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^ze: Scenario not found: "nosuch" \(scenarios of demo: .*deep-merge/)
  })
})
