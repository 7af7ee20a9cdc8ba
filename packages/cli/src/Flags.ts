import { HelpDoc, Options, ValidationError } from "@effect/cli"
import type { Usage } from "@effect/cli"
import { Effect, Option } from "effect"

const invalid = (message: string) => Effect.fail(ValidationError.invalidValue(HelpDoc.p(message)))

/** A number flag whose errors name it (@effect/cli's own say "'x' is not a integer", without the flag). */
const numberFlag = (name: string, kind: "whole" | "any", range: { readonly min?: number; readonly max?: number }) =>
  Options.text(name).pipe(
    Options.withPseudoName(kind === "whole" ? "N" : "NUMBER"),
    Options.mapEffect((text) => {
      const value = Number(text)
      const ok = text.trim() !== "" && Number.isFinite(value) && (kind === "any" || Number.isInteger(value))
      if (!ok) return invalid(`--${name}: expected ${kind === "whole" ? "a whole number" : "a number"} (got "${text}")`)
      if (range.min !== undefined && range.max !== undefined && (value < range.min || value > range.max)) {
        return invalid(`--${name}: expected ${range.min} to ${range.max} (got ${text})`)
      }
      if (range.min !== undefined && value < range.min) {
        return invalid(`--${name}: expected at least ${range.min} (got ${text})`)
      }
      return Effect.succeed(value)
    })
  )

export const integerFlag = (name: string, range: { readonly min?: number; readonly max?: number } = {}) =>
  numberFlag(name, "whole", range)

export const numberFlagOf = (name: string, range: { readonly min?: number; readonly max?: number } = {}) =>
  numberFlag(name, "any", range)

/** `Options.withDefault`, and the default said in the help (@effect/cli only says "optional"). */
export const defaultTo = <A>(value: A, shown: string = String(value)) => <B>(self: Options.Options<B>) =>
  self.pipe(Options.withDescription(`Default: ${shown}.`), Options.withDefault(value))

interface Flag {
  readonly names: ReadonlyArray<string>
  readonly choices: Option.Option<ReadonlyArray<string>>
  readonly takesValue: boolean
  readonly repeatable: boolean
}

const flagsOf = (usage: Usage.Usage, repeatable = false): ReadonlyArray<Flag> => {
  switch (usage._tag) {
    case "Named": {
      if (!usage.names.some((name) => name.startsWith("-"))) return []
      const choices = Option.filter(usage.acceptedValues, (values) => values.includes(" | "))
      return [{
        names: usage.names,
        choices: Option.map(choices, (values) => values.split(" | ")),
        takesValue: Option.isSome(usage.acceptedValues),
        repeatable
      }]
    }
    case "Optional":
      return flagsOf(usage.usage, repeatable)
    case "Repeated":
      return flagsOf(usage.usage, true)
    case "Alternation":
    case "Concat":
      return [...flagsOf(usage.left, repeatable), ...flagsOf(usage.right, repeatable)]
    default:
      return []
  }
}

const longName = (flag: Flag) => flag.names.find((name) => name.startsWith("--")) ?? flag.names[0]!

/** @effect/cli's own options, which every command takes. */
const builtInFlags = new Set(["-h", "--help", "--version", "--wizard", "--completions", "--log-level"])

const editDistance = (a: string, b: string) => {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return previous[b.length]!
}

const unknownFlag = (name: string, flags: ReadonlyArray<Flag>, command: string) => {
  const names = flags.flatMap((flag) => flag.names.filter((candidate) => candidate.startsWith("--")))
  const nearest = names
    .map((candidate) => ({ candidate, distance: editDistance(name, candidate) }))
    .filter(({ candidate, distance }) => distance <= 2 || candidate.startsWith(name))
    .sort((a, b) => a.distance - b.distance)[0]
  const hint = nearest === undefined ? "." : `; did you mean ${nearest.candidate}?`
  return `${name} is not an option of ze ${command}${hint} See ze ${command} --help.`
}

const looksLikeFlag = (arg: string) => arg.startsWith("-") && arg.length > 1 && !/^-\d/.test(arg)

/**
 * What @effect/cli words badly or not at all, checked on the words after the command's name: an unknown flag (it
 * says "unknown argument" without the command or the flag meant), a flag given twice (it says "Received unknown
 * argument") and a choice outside its list (it names neither the flag nor the value).
 */
export const checkFlags = (usage: Usage.Usage, command: string, args: ReadonlyArray<string>): Option.Option<string> => {
  const flags = flagsOf(usage)
  const seen = new Set<Flag>()
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (arg === "--") break
    const [name, inline] = arg.startsWith("-") && arg.includes("=")
      ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
      : [arg, undefined]
    const flag = flags.find((candidate) => candidate.names.includes(name))
    if (flag === undefined) {
      if (looksLikeFlag(name) && !builtInFlags.has(name)) return Option.some(unknownFlag(name, flags, command))
      continue
    }
    if (seen.has(flag) && !flag.repeatable) return Option.some(`${longName(flag)} was given twice`)
    seen.add(flag)
    const value = inline ?? (flag.takesValue ? args[++i] : undefined)
    if (Option.isSome(flag.choices) && value !== undefined && !flag.choices.value.includes(value)) {
      return Option.some(`${longName(flag)}: expected one of ${flag.choices.value.join(", ")} (got "${value}")`)
    }
  }
  return Option.none()
}
