import { InvalidRequest } from "@ze/domain"
import { Effect, Either, Encoding, Schema } from "effect"

const Key = Schema.Union(Schema.String, Schema.Number)

const invalid = (cursor: string) =>
  new InvalidRequest({ message: `Invalid cursor '${cursor}': pass back an X-Next-Cursor value unchanged` })

/** An opaque keyset cursor over a JSON position, base64url-encoded. */
export const makeCursor = <A, I>(position: Schema.Schema<A, I>) => {
  const json = Schema.parseJson(position)
  return {
    encode: (value: A): string => Encoding.encodeBase64Url(Schema.encodeSync(json)(value)),
    decode: (cursor: string | undefined): Effect.Effect<A | undefined, InvalidRequest> =>
      cursor === undefined
        ? Effect.succeed(undefined)
        : Encoding.decodeBase64UrlString(cursor).pipe(
          Either.flatMap((text) => Schema.decodeEither(json)(text)),
          Either.match({ onLeft: () => Effect.fail(invalid(cursor)), onRight: Effect.succeed })
        )
  }
}

/** Keyset position: the sort key of the last row of a page and its tie-breaker. */
const KeyCursor = makeCursor(Schema.Tuple(Key, Key))

export const encodeCursor = (key: string | number, tieBreaker: string | number): string =>
  KeyCursor.encode([key, tieBreaker])

export const decodeCursor = KeyCursor.decode

export const clampLimit = (
  limit: number | undefined,
  defaults: { readonly limit: number; readonly maxLimit: number }
) => Math.min(limit ?? defaults.limit, defaults.maxLimit)
