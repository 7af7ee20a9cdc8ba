import { describe, expect, it } from "@effect/vitest"
import { afterAll } from "vitest"
import { tempDirectory, ze } from "./support/Ze.js"

const cwd = tempDirectory()
afterAll(cwd.remove)
const run = (...args: ReadonlyArray<string>) => ze(args, { cwd: cwd.directory })

const paths = [
  "bench",
  "runs list",
  "runs show",
  "batches list",
  "batches show",
  "stats",
  "compare",
  "export",
  "suites list",
  "suites validate",
  "suites check",
  "new suite",
  "new scenario",
  "serve",
  "sync"
]

describe("the command table", () => {
  it("gives every command its own page and a line in its group's index", async () => {
    const pages = await Promise.all(paths.map((path) => run(...path.split(" "), "--help")))
    pages.forEach((page, i) => {
      expect(page.code).toBe(0)
      expect(page.stdout).toContain(`$ ze ${paths[i]}`)
    })
    const groups = await Promise.all(["runs", "batches", "suites", "new"].map((group) => run(group)))
    for (const path of paths.filter((path) => path.includes(" "))) {
      expect(groups.map((group) => group.stdout).join("\n")).toContain(`ze ${path}`)
    }
  })
})
