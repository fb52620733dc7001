#!/usr/bin/env node
// The `baseline` command: runs the TypeScript CLI through tsx, so no build step is needed.
require("tsx/cjs");
const { run } = require("../cli/main.ts");

run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
