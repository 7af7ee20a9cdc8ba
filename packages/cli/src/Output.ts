import { Options } from "@effect/cli"
import { Terminal } from "@effect/platform"
import { Console, Effect, Schema } from "effect"

export type DataFormat = "table" | "json"

/** `--format table|json`: json prints one Schema-encoded document on stdout and nothing else. */
export const dataFormatOption = Options.choice("format", ["table", "json"]).pipe(
  Options.withAlias("f"),
  Options.withDescription("table (readable) or json (one machine-readable document on stdout)."),
  Options.withDefault("table" as DataFormat)
)

/** The Schema-encoded value as indented JSON; a value that does not encode is a bug. */
export const encodeJson = <A, I>(schema: Schema.Schema<A, I>, value: A) =>
  Schema.encode(schema)(value).pipe(
    Effect.orDie,
    Effect.map((encoded) => JSON.stringify(encoded, null, 2))
  )

export const printJson = <A, I>(schema: Schema.Schema<A, I>, value: A) =>
  Effect.flatMap(encodeJson(schema, value), (json) => Console.log(json))

/** Terminal width, or `undefined` when stdout is not a terminal (no truncation then). */
export const terminalWidth = Effect.serviceOption(Terminal.Terminal).pipe(
  Effect.flatMap((terminal) =>
    terminal._tag === "Some"
      ? Effect.zipWith(terminal.value.isTTY, terminal.value.columns, (tty, columns) =>
        tty && columns > 0 ? columns : undefined)
      : Effect.succeed(undefined)
  )
)

export const printLines = (lines: ReadonlyArray<string>) => Console.log(lines.join("\n"))
