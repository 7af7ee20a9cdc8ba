import { describe, expect, it } from "@effect/vitest"
import {
  canonicalModelId,
  formatCost,
  priceOf,
  PRICING_DATE,
  PRICING_SOURCE,
  requestCost
} from "../../src/models/Pricing.js"

const tokens = (input: number, output: number, cacheWrite = 0, cacheRead = 0) => ({
  input,
  output,
  cacheWrite,
  cacheRead
})

describe("pricing", () => {
  it("has a date and a source", () => {
    expect(PRICING_DATE).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(PRICING_SOURCE).toMatch(/^https:\/\//)
  })

  it("resolves aliases, dated ids and OpenRouter-style ids to the same price", () => {
    for (
      const id of [
        "claude-sonnet-4-5",
        "claude-sonnet-4-5-20250929",
        "anthropic/claude-sonnet-4.5",
        "Claude-Sonnet-4-5@20250929"
      ]
    ) {
      expect(priceOf(id)).toMatchObject({
        id: "claude-sonnet-4-5",
        input: 3,
        output: 15,
        cacheWrite: 3.75,
        cacheRead: 0.3
      })
    }
    expect(canonicalModelId("anthropic/claude-opus-4.5")).toBe("claude-opus-4-5")
    expect(priceOf("claude-haiku-4-5-20251001")).toMatchObject({ input: 1, output: 5 })
    expect(priceOf("claude-opus-5-5")).toMatchObject({ input: 4, output: 20, cacheWrite: 5, cacheRead: 0.2 })
    expect(priceOf("claude-opus-4-1-20250805")).toMatchObject({ input: 15, output: 75 })
    expect(priceOf("claude-3-5-haiku-20241022")).toMatchObject({ input: 0.8, output: 4 })
  })

  it("cost = usage × price, cache reads and writes included", () => {
    expect(requestCost("claude-sonnet-5-5-20261015", tokens(1_000_000, 1_000_000, 1_000_000, 1_000_000))).toBeCloseTo(
      2 + 10 + 2.5 + 0.1,
      12
    )
    expect(requestCost("claude-opus-4-6", tokens(1234, 567, 89, 10))).toBeCloseTo(
      (1234 * 5 + 567 * 25 + 89 * 6.25 + 10 * 0.5) / 1e6,
      15
    )
  })

  it("Haiku 5.5 and Sonnet 4.5 use their long-prompt band past the threshold", () => {
    expect(requestCost("claude-haiku-5-5", tokens(100_000, 1000))).toBeCloseTo((100_000 * 0.1 + 1000 * 0.5) / 1e6, 15)
    expect(requestCost("claude-haiku-5-5", tokens(90_000, 1000, 0, 20_000))).toBeCloseTo(
      (90_000 * 0.5 + 1000 * 2.5 + 20_000 * 0.05) / 1e6,
      15
    )
    expect(requestCost("claude-sonnet-4-5", tokens(250_000, 10))).toBeCloseTo((250_000 * 6 + 10 * 22.5) / 1e6, 15)
  })

  it("an unknown model is unpriced: null, never 0 and never another model's price", () => {
    for (const id of ["gpt-4o", "openai/gpt-5", "claude-sonnet-9", "llama3.1:8b", "sonnet", ""]) {
      expect(priceOf(id)).toBeUndefined()
      expect(requestCost(id, tokens(1000, 1000))).toBeNull()
    }
    expect(formatCost(null)).toBe("unpriced")
    expect(formatCost(0.0142)).toBe("$0.0142")
  })
})
