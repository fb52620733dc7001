/** The longest a symmetric encryption key may go without a new primary version: 90 days, CIS 1.10's ceiling. */
export const MAX_ROTATION_SECONDS = 90 * 86_400;
