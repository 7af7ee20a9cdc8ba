/**
 * Upstream's `pnpm bench --history 10`-style invocations (reference/upstream.md §2), rewritten to the commands
 * that replace them before parsing. Upstream read a flag only as the first argument; so does this.
 */
const withLimit = (rest: ReadonlyArray<string>, fallback: number) =>
  rest[0] !== undefined && /^\d+$/.test(rest[0])
    ? ["--limit", rest[0], ...rest.slice(1)]
    : ["--limit", String(fallback), ...rest]

const statsOf = ([kind, ...rest]: ReadonlyArray<string>): ReadonlyArray<string> => {
  switch (kind) {
    case "suite":
      return rest[0] === undefined ? ["stats", "--by", "suite"] : ["stats", "--by", "scenario", "--suite", ...rest]
    case "scenario":
      return rest.length < 2
        ? ["stats", "--by", "scenario", ...rest.flatMap((suite) => ["--suite", suite])]
        : ["stats", "--by", "tier", "--suite", rest[0]!, "--scenario", ...rest.slice(1)]
    case "run":
      return rest[0] === undefined ? ["runs", "list"] : ["runs", "show", ...rest]
    default:
      return kind === undefined ? ["stats"] : ["stats", kind, ...rest]
  }
}

const legacyCommands: Record<string, (rest: ReadonlyArray<string>) => ReadonlyArray<string>> = {
  "--history": (rest) => ["runs", "list", ...withLimit(rest, 10)],
  "--batches": (rest) => ["batches", "list", ...withLimit(rest, 20)],
  "--batch-details": (rest) => ["batches", "show", ...rest],
  "--stats": statsOf,
  "--evaluators": (rest) => ["stats", "--by", "evaluator", ...rest],
  "--compare-batches": (rest) => ["compare", ...rest],
  "--new-suite": (rest) => ["new", "suite", ...rest],
  "--new-scenario": (rest) => ["new", "scenario", ...rest]
}

const legacyCommandOf = (flag: string | undefined) =>
  flag !== undefined && Object.hasOwn(legacyCommands, flag) ? legacyCommands[flag] : undefined

/** Upstream's flag → the ze command that replaces it, for `ze --help`. */
export const legacyEquivalents: ReadonlyArray<readonly [string, string]> = [
  ["--history [N]", "ze runs list --limit N (default 10)"],
  ["--batches [N]", "ze batches list --limit N (default 20)"],
  ["--batch-details ID", "ze batches show ID"],
  ["--stats suite NAME", "ze stats --by scenario --suite NAME"],
  ["--stats scenario SUITE NAME", "ze stats --by tier --suite SUITE --scenario NAME"],
  ["--stats run ID", "ze runs show ID"],
  ["--evaluators", "ze stats --by evaluator"],
  ["--compare-batches A B", "ze compare A B"],
  ["--new-suite NAME", "ze new suite NAME"],
  ["--new-scenario SUITE NAME", "ze new scenario SUITE NAME"]
]

/** Upstream bench flags that change nothing in ze: `--llm-judge-only` (a no-op upstream too). */
const ignoredBenchFlags = new Set(["--llm-judge-only"])

/** `args` without node and the script; `bench --history` (the root `pnpm bench` script) works as well. */
export const translateLegacyArgs = (args: ReadonlyArray<string>): ReadonlyArray<string> => {
  const [first, ...rest] = args[0] === "bench" && legacyCommandOf(args[1]) !== undefined ? args.slice(1) : args
  const legacy = legacyCommandOf(first)
  if (legacy !== undefined) return legacy(rest)
  return args[0] === "bench" ? args.filter((arg) => !ignoredBenchFlags.has(arg)) : args
}
