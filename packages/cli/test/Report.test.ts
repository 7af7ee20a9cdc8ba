import { describe, expect, it } from "@effect/vitest"
import { Cause, type Console, Effect } from "effect"
import { reportFailure } from "../src/Report.js"

const printed = (error: unknown) =>
  Effect.gen(function*() {
    const lines: Array<string> = []
    const console = Object.assign(Object.create(globalThis.console) as Console.Console, {
      error: (...args: ReadonlyArray<unknown>) => Effect.sync(() => lines.push(args.join(" ")))
    })
    const code = yield* Effect.withConsole(reportFailure(Cause.fail(error)), console)
    return { code, text: lines.join("\n") }
  })

describe("reportFailure", () => {
  it.effect("a refused key names ZE_API_KEY, not the HTTP header the server asked for", () =>
    Effect.gen(function*() {
      for (const tag of ["Unauthorized", "Forbidden"]) {
        const { code, text } = yield* printed({
          _tag: tag,
          message: "Unauthorized: write requests need 'Authorization: Bearer <key>'"
        })
        expect(code).toBe(2)
        expect(text).toContain("ze: the server refused the key")
        expect(text).toContain("ZE_API_KEY")
        expect(text).not.toMatch(/Authorization|Bearer/)
      }
    }))
})
