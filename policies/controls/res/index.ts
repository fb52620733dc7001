import type { Control } from "../../control";
import { resourceLocations } from "./resource-locations";

/** RES family. */
export const RES_CONTROLS: readonly Control[] = [resourceLocations];
