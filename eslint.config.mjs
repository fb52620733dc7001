import js from "@eslint/js";
import tseslint from "typescript-eslint";

/**
 * The layers, bottom up: lib/ (generic code) and shared/ (identifiers builder and checker agree on), then
 * config/, constructs/, stacks/ (the builder) beside policies/ (the checker), then cli/ and main.ts. An import
 * may only point down. The checker restates its requirements instead of importing the builder's.
 */
const layer = (paths, reason) => ({
  "no-restricted-imports": [
    "error",
    { patterns: paths.map((path) => ({ group: [`**/${path}`, `**/${path}/**`], message: reason })) },
  ],
});
const LAYERS = [
  {
    files: ["lib/**"],
    rules: layer(
      ["shared", "config", "constructs", "stacks", "policies", "cli", "main"],
      "lib/ is generic code: it imports no project layer.",
    ),
  },
  {
    files: ["shared/**"],
    rules: layer(
      ["config", "constructs", "stacks", "policies", "cli", "main"],
      "shared/ holds identifiers only: it imports lib/ at most.",
    ),
  },
  {
    files: ["config/**"],
    rules: layer(
      ["constructs", "stacks", "policies", "cli", "main"],
      "config/ reads baseline.yaml: it imports lib/ and shared/ only.",
    ),
  },
  {
    files: ["constructs/**"],
    rules: layer(
      ["stacks", "policies", "cli", "main"],
      "constructs/ are building blocks: they never import the stacks that use them, nor the checker.",
    ),
  },
  {
    files: ["stacks/**"],
    rules: layer(
      ["policies", "cli", "main"],
      "stacks/ declare infrastructure; checking it is the CLI's job (cli/).",
    ),
  },
  {
    files: ["policies/**"],
    rules: layer(
      ["config", "constructs", "stacks", "cli", "main"],
      "The checker (policies/) is independent of what it checks: import lib/ or shared/, and restate requirements.",
    ),
  },
];

export default tseslint.config(
  { ignores: ["node_modules/", "cdktf.out", "cdktf.out/", "cdktf.out.*/", "coverage/", "test/fixtures/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        require: "readonly",
        module: "writable",
        __dirname: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "@typescript-eslint/no-require-imports": "off",
    },
  },
  ...LAYERS,
);
