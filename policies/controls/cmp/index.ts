import type { Control } from "../../control";
import { blockProjectSshKeys } from "./block-project-ssh-keys";
import { dedicatedServiceAccount } from "./dedicated-service-account";
import { osLogin } from "./os-login";
import { osPatching } from "./os-patching";
import { serialPortOff } from "./serial-port-off";
import { shieldedVm } from "./shielded-vm";
import { vmManager } from "./vm-manager";

/** CMP family. */
export const CMP_CONTROLS: readonly Control[] = [
  shieldedVm,
  osLogin,
  blockProjectSshKeys,
  serialPortOff,
  dedicatedServiceAccount,
  osPatching,
  vmManager,
];
