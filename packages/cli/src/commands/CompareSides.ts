import { Args, Options } from "@effect/cli"
import { InvalidRequest, NoSpecialist, sameSide, sideFiltersOf, sideParams } from "@ze/domain"
import { Effect, Option } from "effect"
import { UsageError } from "../Errors.js"

const sideOption = (name: string, pseudo: string, description: string) =>
  Options.text(name).pipe(Options.withPseudoName(pseudo), Options.withDescription(description), Options.optional)

/** The flags that make each side of `ze compare` a batch narrowed to some of its runs. */
export const sideOptions = {
  specialist: sideOption(
    "specialist",
    "NAME",
    "Does this specialist help? NAME's runs (head) against the same agents' plain runs (base); with one batch, within it. Short for --base-specialist none --head-specialist NAME."
  ),
  baseSpecialist: sideOption(
    "base-specialist",
    "NAME",
    `Only the base side's runs of specialist NAME (\`${NoSpecialist}\`: the runs without a specialist).`
  ),
  headSpecialist: sideOption(
    "head-specialist",
    "NAME",
    `Only the head side's runs of specialist NAME (\`${NoSpecialist}\`: the runs without a specialist).`
  ),
  baseAgent: sideOption("base-agent", "AGENT", "Only the base side's runs of this (base) agent."),
  headAgent: sideOption("head-agent", "AGENT", "Only the head side's runs of this (base) agent."),
  baseModel: sideOption("base-model", "MODEL", "Only the base side's runs of this model."),
  headModel: sideOption("head-model", "MODEL", "Only the head side's runs of this model.")
}

export const headArg = Args.text({ name: "HEAD" }).pipe(
  Args.withDescription("The batch under test; leave it out to compare two sides of BASE (e.g. with --specialist)."),
  Args.optional
)

type SideFlags = { readonly [K in keyof typeof sideOptions]: Option.Option<string> }

const nonEmpty = (flag: string, value: Option.Option<string>) =>
  Option.match(value, {
    onNone: () => Effect.succeed(undefined),
    onSome: (text) =>
      text.trim() === ""
        ? Effect.fail(new UsageError({ message: `--${flag} needs a value` }))
        : Effect.succeed(text.trim())
  })

/** BASE, HEAD and the side flags as the two sides of a comparison, or a usage error that names the flag. */
export const resolveSides = (base: string, head: Option.Option<string>, flags: SideFlags) =>
  Effect.gen(function*() {
    const specialist = yield* nonEmpty("specialist", flags.specialist)
    if (specialist !== undefined && (Option.isSome(flags.baseSpecialist) || Option.isSome(flags.headSpecialist))) {
      return yield* new UsageError({
        message:
          "--specialist NAME is short for --base-specialist none --head-specialist NAME: give it, or the two side flags"
      })
    }
    if (specialist === NoSpecialist) {
      return yield* new UsageError({
        message: `--specialist names the specialist to test against the plain agent (not \`${NoSpecialist}\`)`
      })
    }
    const filters = {
      baseSpecialist: specialist === undefined
        ? yield* nonEmpty("base-specialist", flags.baseSpecialist)
        : NoSpecialist,
      headSpecialist: specialist ?? (yield* nonEmpty("head-specialist", flags.headSpecialist)),
      baseAgent: yield* nonEmpty("base-agent", flags.baseAgent),
      headAgent: yield* nonEmpty("head-agent", flags.headAgent),
      baseModel: yield* nonEmpty("base-model", flags.baseModel),
      headModel: yield* nonEmpty("head-model", flags.headModel)
    }
    const narrowed = Object.values(filters).some((value) => value !== undefined)
    if (Option.isNone(head) && !narrowed) {
      return yield* new UsageError({
        message:
          "compare needs HEAD (a second batch), or a side flag to compare within BASE, e.g. --specialist NAME (does it help?)"
      })
    }
    const sides = {
      base: {
        batchId: base,
        filters: sideFiltersOf({
          specialist: filters.baseSpecialist,
          agent: filters.baseAgent,
          model: filters.baseModel
        })
      },
      head: {
        batchId: Option.getOrElse(head, () => base),
        filters: sideFiltersOf({
          specialist: filters.headSpecialist,
          agent: filters.headAgent,
          model: filters.headModel
        })
      }
    }
    if (sameSide(sides.base, sides.head)) {
      return yield* new UsageError({
        message:
          `both sides are the same runs of ${base}: give another HEAD batch, or narrow one side (--specialist NAME, --head-specialist, --head-agent, --head-model)`
      })
    }
    return sideParams(sides)
  })

/**
 * `--specialist NAME` sets the head side's specialist, so the server names a problem with it `headSpecialist`:
 * reported as the flag the user gave.
 */
export const asGivenSides = (flags: SideFlags) => <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Option.isNone(flags.specialist) ?
    effect :
    Effect.mapError(effect, (error) =>
      error instanceof InvalidRequest && error.issues !== undefined
        ? new InvalidRequest({
          message: error.message,
          issues: error.issues.map((issue) =>
            issue.path === "headSpecialist" ? { ...issue, path: "specialist" } : issue
          )
        }) as E
        : error)
