import { longestCronGapDays } from "../../../policies/views/backup-stores";

describe("longestCronGapDays (unix cron, as Cloud Scheduler reads it)", () => {
  test.each([
    ["0 3 * * *", 1],
    ["0 6 1 1,4,7,10 *", 92],
    ["0 6 1 */3 *", 92],
    ["0 6 1 1 *", 366],
    ["0 0 * * 0", 7],
    ["0 0 1 * *", 31],
    ["0 0 */2 * *", 2],
    ["0 0 1,15 * 1", 7], // both day fields restricted: the 1st, the 15th, or any Monday
    ["0 0 29 2 *", 1461], // leap days only
  ])("%s: at most %d days apart", (schedule, days) => {
    expect(longestCronGapDays(schedule)).toBe(days);
  });

  test("a schedule that never fires is Infinity; unreadable ones are undefined", () => {
    expect(longestCronGapDays("0 0 31 2 *")).toBe(Infinity);
    expect(longestCronGapDays("@daily")).toBeUndefined();
    expect(longestCronGapDays("0 0 1 JAN *")).toBeUndefined();
    expect(longestCronGapDays("0 0 32 * *")).toBeUndefined();
  });
});
