/** Durations as Google's APIs write them: whole seconds, or a count of seconds with an `s` suffix. */
export const SECONDS_PER_DAY = 86_400;

/** `"2592000s"` for 30 days: the form of retention and rotation periods in Google's APIs. */
export function daysAsSeconds(days: number): string {
  return `${days * SECONDS_PER_DAY}s`;
}
