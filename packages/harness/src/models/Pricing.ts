/**
 * Model prices in USD per million tokens, as of 2026-11-24.
 * Source: Anthropic's official pricing page, https://platform.claude.com/docs/en/about-claude/pricing ("Model
 * pricing": base input, 5-minute cache writes, cache hits, output), and the model overview pages for Opus 5.5,
 * Sonnet 5.5 (cache hits cut to $0.10 on 2026-10-07) and Haiku 5.5 (two bands by prompt length).
 * Cache writes are priced at the 5-minute rate (the API default). Batch, fast-mode and data-residency prices are
 * not modelled. A model missing here is unpriced (cost `null`), never charged another model's price.
 */
export const PRICING_DATE = "2026-11-24"
export const PRICING_SOURCE = "https://platform.claude.com/docs/en/about-claude/pricing"

export interface Rates {
  readonly input: number
  readonly output: number
  readonly cacheWrite: number
  readonly cacheRead: number
}

export interface ModelPrice extends Rates {
  /** The table's id for the model (the dateless Anthropic id). */
  readonly id: string
  /** Rates for a request whose prompt (input + cache writes + cache reads) exceeds `thresholdTokens`. */
  readonly longPrompt?: Rates & { readonly thresholdTokens: number }
}

/** Tokens of one request (or a sum of requests, for display). */
export interface TokenUsage {
  readonly input: number
  readonly output: number
  readonly cacheWrite: number
  readonly cacheRead: number
}

export const zeroTokens: TokenUsage = { input: 0, output: 0, cacheWrite: 0, cacheRead: 0 }

export const addTokens = (a: TokenUsage, b: TokenUsage): TokenUsage => ({
  input: a.input + b.input,
  output: a.output + b.output,
  cacheWrite: a.cacheWrite + b.cacheWrite,
  cacheRead: a.cacheRead + b.cacheRead
})

const rates = (input: number, cacheWrite: number, cacheRead: number, output: number): Rates => ({
  input,
  output,
  cacheWrite,
  cacheRead
})

const fable51 = rates(10, 12.5, 0.25, 50)
const fable5 = rates(10, 12.5, 1, 50)
const opus45to5 = rates(5, 6.25, 0.5, 25)
const opus4 = rates(15, 18.75, 1.5, 75)
const sonnet3to46 = rates(3, 3.75, 0.3, 15)
const sonnetLongContext = { ...rates(6, 7.5, 0.6, 22.5), thresholdTokens: 200_000 }

const table: ReadonlyArray<[ReadonlyArray<string>, Rates, ModelPrice["longPrompt"]?]> = [
  [["claude-fable-5-2", "claude-mythos-5-2", "claude-fable-5-1", "claude-mythos-5-1"], fable51],
  [["claude-fable-5", "claude-mythos-5", "claude-mythos-preview"], fable5],
  [["claude-opus-5-5"], rates(4, 5, 0.2, 20)],
  [["claude-opus-5", "claude-opus-4-8", "claude-opus-4-7", "claude-opus-4-6", "claude-opus-4-5"], opus45to5],
  [["claude-opus-4-1", "claude-opus-4", "claude-opus-4-0", "claude-3-opus"], opus4],
  [["claude-sonnet-5-5"], rates(2, 2.5, 0.1, 10)],
  [["claude-sonnet-5"], rates(2, 2.5, 0.2, 10)],
  [["claude-sonnet-4-6", "claude-3-7-sonnet", "claude-sonnet-3-7"], sonnet3to46],
  [["claude-sonnet-4-5", "claude-sonnet-4", "claude-sonnet-4-0"], sonnet3to46, sonnetLongContext],
  [["claude-haiku-5-5"], rates(0.1, 0.125, 0.01, 0.5), { ...rates(0.5, 0.625, 0.05, 2.5), thresholdTokens: 100_000 }],
  [["claude-haiku-4-5"], rates(1, 1.25, 0.1, 5)],
  [["claude-3-5-haiku", "claude-haiku-3-5"], rates(0.8, 1, 0.08, 4)],
  [["claude-3-haiku", "claude-haiku-3"], rates(0.25, 0.3, 0.03, 1.25)]
]

/** Every priced model, by its table id. */
export const modelPrices: ReadonlyMap<string, ModelPrice> = new Map(
  table.flatMap(([ids, base, longPrompt]) =>
    ids.map((
      id
    ): [string, ModelPrice] => [id, longPrompt === undefined ? { id, ...base } : { id, ...base, longPrompt }])
  )
)

/**
 * The table id of a model name: provider prefixes (`anthropic/`), `[1m]` suffixes, dated suffixes
 * (`-20250929`), `-latest` and `@date` versions are dropped, and dots become dashes (`claude-sonnet-4.5`).
 */
export const canonicalModelId = (model: string) =>
  model
    .trim()
    .toLowerCase()
    .replace(/^(anthropic|claude)[/:]/, "")
    .replace(/\[[^\]]*\]$/, "")
    .replace(/[@-](\d{8}|latest)$/, "")
    .replace(/:(beta|thinking|extended)$/, "")
    .replace(/\./g, "-")

/** The price of a model, or `undefined` when it is not in the table. */
export const priceOf = (model: string): ModelPrice | undefined => modelPrices.get(canonicalModelId(model))

/** USD cost of one request; `null` when the model is unpriced. */
export const requestCost = (model: string, tokens: TokenUsage): number | null => {
  const price = priceOf(model)
  if (price === undefined) return null
  const prompt = tokens.input + tokens.cacheWrite + tokens.cacheRead
  const r: Rates = price.longPrompt !== undefined && prompt > price.longPrompt.thresholdTokens
    ? price.longPrompt
    : price
  return (tokens.input * r.input + tokens.output * r.output + tokens.cacheWrite * r.cacheWrite +
    tokens.cacheRead * r.cacheRead) / 1_000_000
}

/** Sum of costs where any unknown (`null`) makes the total unknown. */
export const addCost = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b)

/** How a cost is shown: "unpriced" when unknown, never "$0". */
export const formatCost = (costUsd: number | null) => (costUsd === null ? "unpriced" : `$${costUsd.toFixed(4)}`)
