import { Console, Effect, Layer } from "effect"

const paint = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`

export const bold = paint(1, 22)
export const dim = paint(2, 22)
export const red = paint(31, 39)
export const green = paint(32, 39)
export const yellow = paint(33, 39)
export const cyan = paint(36, 39)

const escapeSequence = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g")

export const stripAnsi = (text: string) => text.replace(escapeSequence, "")
export const visibleLength = (text: string) => stripAnsi(text).length

const colorWanted = (stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv) => {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "" && env.FORCE_COLOR !== "0") return true
  return stream.isTTY === true
}

const plain = (args: ReadonlyArray<unknown>) => args.map((arg) => (typeof arg === "string" ? stripAnsi(arg) : arg))

/**
 * Everything ze prints (its own tables and @effect/cli's help) may carry colours; this console drops them
 * when the stream is not a terminal, or when `NO_COLOR` is set, so pipes and files get plain text.
 */
export const ColorAwareConsole = Layer.unwrapEffect(
  Effect.map(Console.consoleWith(Effect.succeed), (base) => {
    const stdoutColor = colorWanted(process.stdout, process.env)
    const stderrColor = colorWanted(process.stderr, process.env)
    const out = (write: (...args: ReadonlyArray<unknown>) => Effect.Effect<void>) =>
      stdoutColor ? write : (...args: ReadonlyArray<unknown>) => write(...plain(args))
    const err = (write: (...args: ReadonlyArray<unknown>) => Effect.Effect<void>) =>
      stderrColor ? write : (...args: ReadonlyArray<unknown>) => write(...plain(args))
    const console: Console.Console = {
      ...base,
      log: out(base.log),
      info: out(base.info),
      error: err(base.error),
      warn: err(base.warn)
    }
    return Console.setConsole(console)
  })
)
