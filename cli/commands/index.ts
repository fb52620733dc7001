import type { Command } from "../command";
import { checkCommand } from "./check";
import { controlsCommand } from "./controls";
import { diffCommand } from "./diff";
import { matrixCommand } from "./matrix";
import { synthCommand } from "./synth";

/** Every `baseline` sub-command, in help order. */
export const COMMANDS: readonly Command[] = [
  synthCommand,
  checkCommand,
  controlsCommand,
  matrixCommand,
  diffCommand,
];
