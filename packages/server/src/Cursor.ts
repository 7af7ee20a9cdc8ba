import { InvalidRequest } from "@ze/domain"
import { Effect, Encoding, Either, Schema } from "effect"

/** Keyset position: the sort key of the last row of a page. Opaque to clients. */
const Position = Schema.parseJson(Schema.Tuple(Schema.Union(Schema.String, Schema.Number), Schema.Union(Schema.String, Schema.Number)))

export const encodeCursor = (key: string | number, tieBreaker: string | number): string =>
  Encoding.encodeBase64Url(Schema.encodeSync(Position)([key, tieBreaker]))

export const decodeCursor = (cursor: string | undefined) =>
  cursor === undefined
    ? Effect.succeed(undefined)
    : Encoding.decodeBase64UrlString(cursor).pipe(
      Either.flatMap((text) => Schema.decodeEither(Position)(text)),
      Either.match({
        onLeft: () => Effect.fail(new InvalidRequest({ message: `Invalid cursor '${cursor}': pass back an X-Next-Cursor value unchanged` })),
        onRight: (position) => Effect.succeed(position)
      })
    )

export const clampLimit = (limit: number | undefined, defaults: { readonly limit: number; readonly maxLimit: number }) =>
  Math.min(limit ?? defaults.limit, defaults.maxLimit)
