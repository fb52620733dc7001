import type { Control } from "../../control";
import { CMP01ShieldedVm } from "./CMP-01-shielded-vm";
import { CMP02OsLogin } from "./CMP-02-os-login";
import { CMP03BlockProjectSshKeys } from "./CMP-03-block-project-ssh-keys";
import { CMP04SerialPortOff } from "./CMP-04-serial-port-off";
import { CMP05DedicatedServiceAccount } from "./CMP-05-dedicated-service-account";
import { CMP06OsPatching } from "./CMP-06-os-patching";
import { CMP07VmManager } from "./CMP-07-vm-manager";

/** CMP family. */
export const CMP_CONTROLS: readonly Control[] = [
  CMP01ShieldedVm,
  CMP02OsLogin,
  CMP03BlockProjectSshKeys,
  CMP04SerialPortOff,
  CMP05DedicatedServiceAccount,
  CMP06OsPatching,
  CMP07VmManager,
];
