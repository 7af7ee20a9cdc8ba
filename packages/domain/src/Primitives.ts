import { ParseResult, Schema } from "effect"

/** A non-empty identifier or label as it travels on the wire (suite, scenario, agent, ids). */
export const Label = Schema.Trim.pipe(Schema.minLength(1), Schema.maxLength(200))

/** Finite JSON number: NaN and Infinity never reach the store. */
export const Finite = Schema.Finite

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

/** Free-form JSON object, as upstream's `metadata?: object`. */
export const JsonObject = Schema.Record({ key: Schema.String, value: Schema.Unknown })

/** Evaluation details: upstream sends strings, callers may send structured JSON; both are stored as text. */
export const DetailsText = Schema.transform(
  Schema.Union(Schema.String, JsonObject, Schema.Array(Schema.Unknown)),
  Schema.String,
  { strict: true, decode: (value) => typeof value === "string" ? value : JSON.stringify(value), encode: (text) => text }
)
