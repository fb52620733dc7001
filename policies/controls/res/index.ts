import type { Control } from "../../control";
import { RES01ResourceLocations } from "./RES-01-resource-locations";

/** RES family. */
export const RES_CONTROLS: readonly Control[] = [RES01ResourceLocations];
