import { describe, expect, it } from "@effect/vitest"
import { afterAll } from "vitest"
import { tempDirectory, ze } from "./support/Ze.js"

const cwd = tempDirectory()
afterAll(cwd.remove)
const page = async (...args: ReadonlyArray<string>) => {
  const result = await ze([...args, "--help"], { cwd: cwd.directory })
  expect(result.code).toBe(0)
  return result.stdout
}
const exitSection = (text: string) => text.slice(text.indexOf("EXIT CODES"))

describe("each command's help page", () => {
  it("lists only the exit codes and gates that apply to it", async () => {
    const [runsList, bench, compare] = await Promise.all([page("runs", "list"), page("bench"), page("compare")])
    expect(exitSection(runsList)).not.toMatch(/^\s+[13]\s/m)
    expect(exitSection(runsList)).not.toContain("--fail-under")
    expect(exitSection(bench)).toMatch(/^\s+1 .*--fail-under/m)
    expect(exitSection(bench)).toMatch(/^\s+3 .*--allow-errors/m)
    expect(exitSection(compare)).toMatch(/^\s+1 .*--fail-on-worse/m)
    expect(exitSection(compare)).not.toMatch(/^\s+3\s/m)
  })

  it("shows defaults, describes positional arguments and drops the library's filler", async () => {
    const [bench, serve, compare] = await Promise.all([page("bench"), page("serve"), page("compare")])
    expect(bench).toMatch(/--repeat, --iterations N\)\n\n.*\n\n\s+Default: 1\./)
    expect(bench).toMatch(/--concurrency N\)\n\n.*\n\n\s+Default: 1\./)
    expect(serve).toMatch(/--port N\)\n\n.*\n\n\s+Default: 8787\./)
    expect(compare).toMatch(/<BASE>\n\n\s+The batch to compare against/)
    for (const text of [bench, serve, compare]) {
      expect(text).not.toMatch(/This setting is optional\.|A true or false value\.|An integer\.|One of the following:/)
    }
  })
})
