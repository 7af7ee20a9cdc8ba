import * as effect from "@effect/eslint-plugin"
import js from "@eslint/js"
import globals from "globals"
import tseslint from "typescript-eslint"

/** Effect's dprint settings (2 spaces, 120 columns, no semicolons, double quotes, no trailing commas) plus the few
 * rules this codebase relies on: type-only imports, no `any`, no unused names. */
const onDemand = "Load it with import() where it is used, so commands that never use it do not load it."

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/dist/**",
      "**/.tsbuild/**",
      "**/.wrangler/**",
      "**/.ze/**",
      "**/test-results/**",
      "**/coverage/**",
      "packages/cli/.cache/**",
      "suites/**"
    ]
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...effect.configs.dprint,
  {
    files: ["**/*.{ts,tsx,mts,mjs,js}"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module" },
    rules: {
      "@effect/dprint": ["error", {
        config: {
          indentWidth: 2,
          lineWidth: 120,
          semiColons: "asi",
          quoteStyle: "alwaysDouble",
          trailingCommas: "never",
          operatorPosition: "maintain",
          "arrowFunction.useParentheses": "force"
        }
      }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-namespace": "off",
      "@typescript-eslint/no-empty-object-type": "off",
      "no-fallthrough": "off",
      "object-shorthand": "error"
    }
  },
  {
    // What keeps `ze --help` small (packages/cli/README.md): heavy packages only some commands need are imported on
    // demand, and platform-node by module, so the CLI's entry chunk never holds them.
    files: ["packages/*/src/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", {
        paths: [{
          name: "@effect/platform-node",
          message: "Import by module (@effect/platform-node/NodeRuntime): the index pulls undici into every start."
        }, {
          name: "@effect/experimental",
          message: "Import by module (@effect/experimental/Reactivity): the index loads every experimental module."
        }, { name: "@anthropic-ai/sdk", allowTypeImports: true, message: onDemand }],
        // The SDK's version string is all the agent's provenance needs, and it is tiny.
        patterns: [{
          group: [
            "@anthropic-ai/sdk/*",
            "!@anthropic-ai/sdk/version",
            "@modelcontextprotocol/sdk/client/*",
            "@ze/server/node"
          ],
          allowTypeImports: true,
          message: onDemand
        }]
      }]
    }
  },
  {
    // dprint writes `<A,>` as `<A>`, which TSX reads as a tag: generic components say `<A extends unknown>`.
    files: ["**/*.tsx"],
    rules: { "@typescript-eslint/no-unnecessary-type-constraint": "off" }
  },
  {
    files: ["**/*.{mjs,js}"],
    languageOptions: { globals: { ...globals.node } }
  }
)
