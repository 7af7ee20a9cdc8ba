import { describe, expect, it } from "@effect/vitest"
import { RunNotFound } from "@ze/domain"
import { isUnreachable, ZeResponseError, ZeTimeout, ZeUnavailable } from "../src/Errors.js"

describe("isUnreachable", () => {
  it("is true for a server that cannot be reached or does not answer in time", () => {
    expect(isUnreachable(new ZeUnavailable({ message: "down", url: "http://x", attempts: 3, status: null }))).toBe(true)
    expect(isUnreachable(new ZeTimeout({ message: "slow", url: "http://x", timeoutMs: 100 }))).toBe(true)
  })

  it("is false for a server that answered, and for anything that is not a client error", () => {
    expect(isUnreachable(new ZeResponseError({ message: "418", url: "http://x", status: 418 }))).toBe(false)
    expect(isUnreachable(RunNotFound.of("r1"))).toBe(false)
    expect(isUnreachable(new Error("ZeUnavailable"))).toBe(false)
    expect(isUnreachable("ZeTimeout")).toBe(false)
    expect(isUnreachable(undefined)).toBe(false)
  })
})
