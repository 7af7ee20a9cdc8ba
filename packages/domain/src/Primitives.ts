import { ParseResult, Schema } from "effect"

/** An unpaired UTF-16 surrogate (JSON can carry one as an escape such as `"\udfff"`). */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

const isWellFormed = (text: string) => !loneSurrogate.test(text)
const wellFormed = {
  message: () => "must be well-formed Unicode: it holds a lone surrogate (an escape such as \\ud800 without its pair)"
}

/**
 * Any text a write stores. A lone surrogate is refused: it has no UTF-8 form, so the store would keep U+FFFD in its
 * place and the text would read back changed.
 */
export const Text = Schema.String.pipe(Schema.filter(isWellFormed, wellFormed))

/** A non-empty identifier or label as it travels on the wire (suite, scenario, agent, ids). */
export const Label = Schema.Trim.pipe(Schema.minLength(1), Schema.maxLength(200)).annotations({
  message: () => "must be a non-empty text of at most 200 characters",
  description: "a name or id of 1 to 200 characters (spaces around it are dropped)"
}).pipe(Schema.filter(isWellFormed, wellFormed))

/**
 * Run and batch ids appear in URLs, so they are one path segment of letters, digits and `. _ : @ + -`, starting with
 * a letter or digit: upstream's `<ms>-<rand9>`, `run-…` and `batch-<ms>-<rand9>` all fit.
 */
export const RecordId = Schema.Trim.pipe(
  Schema.pattern(/^[A-Za-z0-9][A-Za-z0-9._:@+-]{0,199}$/, {
    message: () =>
      "must be 1 to 200 letters, digits or . _ : @ + - (no '/', '?', '#', '%' or spaces), starting with a letter or digit"
  })
).annotations({ identifier: "RecordId" })

/** Finite JSON number: NaN and Infinity never reach the store. */
export const Finite = Schema.Finite.annotations({ message: () => "must be a finite number" })

export const NonNegativeInt = Schema.Int.pipe(Schema.nonNegative())

const parseInstant = (value: string | number): Date | undefined => {
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? undefined : date
}

const instantFailure = (ast: Schema.Schema.Any["ast"], value: unknown) =>
  new ParseResult.Type(ast, value, "expected an ISO-8601 date string or epoch milliseconds")

const toIso = (value: string | number, ast: Schema.Schema.Any["ast"]) => {
  const date = parseInstant(value)
  return date ? ParseResult.succeed(date.toISOString()) : ParseResult.fail(instantFailure(ast, value))
}

/** Accepts an ISO-8601 string or epoch milliseconds; yields a normalised ISO-8601 string. */
export const IsoTimestamp = Schema.transformOrFail(Schema.Union(Schema.String, Schema.Number), Schema.String, {
  strict: true,
  decode: (value, _, ast) => toIso(value, ast),
  encode: ParseResult.succeed
}).annotations({ identifier: "IsoTimestamp", description: "ISO-8601 date string (epoch milliseconds also accepted)" })

/** An instant in a query string: ISO-8601 or epoch milliseconds as text; yields a normalised ISO-8601 string. */
export const IsoTimestampParam = Schema.transformOrFail(Schema.String, Schema.String, {
  strict: true,
  decode: (value, _, ast) => toIso(/^\d+$/.test(value) ? Number(value) : value, ast),
  encode: ParseResult.succeed
}).annotations({ identifier: "IsoTimestampParam", description: "ISO-8601 date or epoch milliseconds" })

/** Accepts an ISO-8601 string or epoch milliseconds; yields epoch milliseconds. */
export const EpochMillis = Schema.transformOrFail(Schema.Union(Schema.String, Schema.Number), Schema.Number, {
  strict: true,
  decode: (value, _, ast) => {
    const date = parseInstant(value)
    return date ? ParseResult.succeed(date.getTime()) : ParseResult.fail(instantFailure(ast, value))
  },
  encode: ParseResult.succeed
}).annotations({ identifier: "EpochMillis", description: "epoch milliseconds (ISO-8601 strings also accepted)" })

export const maxJsonDepth = 32

/** How deeply a JSON value nests, counted without recursion (a hostile value cannot exhaust the stack). */
export const jsonDepth = (value: unknown): number => {
  let deepest = 0
  const pending: Array<[unknown, number]> = [[value, 1]]
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!
    if (typeof current !== "object" || current === null) continue
    if (depth > deepest) deepest = depth
    if (deepest > maxJsonDepth) return deepest
    for (const child of Object.values(current)) pending.push([child, depth + 1])
  }
  return deepest
}

/** Free-form JSON object, as upstream's `metadata?: object`, nested at most `maxJsonDepth` levels. */
export const JsonObject = Schema.Record({ key: Schema.String, value: Schema.Unknown }).pipe(
  Schema.filter((value) => jsonDepth(value) <= maxJsonDepth, {
    message: () => `must be a JSON object nested at most ${maxJsonDepth} levels deep`
  })
)

/** Evaluation details: upstream sends strings, callers may send structured JSON; both are stored as text. */
export const DetailsText = Schema.transform(
  Schema.Union(Text, JsonObject, Schema.Array(Schema.Unknown)),
  Schema.String,
  { strict: true, decode: (value) => typeof value === "string" ? value : JSON.stringify(value), encode: (text) => text }
)

/**
 * A path parameter: the client percent-encodes it into one URL segment, the server takes it as its router decoded
 * it. Ids stored before ids were checked (with '/', '?' or '#') stay readable.
 */
export const PathSegment = Schema.transform(Schema.String, Schema.String, {
  strict: true,
  decode: (segment) => segment,
  encode: (value) => encodeURIComponent(value)
})
