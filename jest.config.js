/** Jest runs the TypeScript sources directly through SWC (ts-jest does not work with TypeScript 7). */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" } }],
  },
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
