/** The named views of a book (App Home filter buttons, their labels and their fixed windows). */
import { DEFAULT_NO_TOUCH_DAYS } from './touch';

export const BOOK_FILTERS = ['all', 'at_risk', 'at_risk_renewing', 'no_touch_30', 'renewals_90'] as const;
export type BookFilter = (typeof BOOK_FILTERS)[number];

/** The Home's fixed windows (its filter labels name them). */
export const HOME_RENEWING_AT_RISK_DAYS = 60;
export const HOME_RENEWALS_DAYS = 90;

export const BOOK_FILTER_LABELS: Record<BookFilter, string> = {
  all: 'All',
  at_risk: 'At risk',
  at_risk_renewing: `At risk, renewing ≤${HOME_RENEWING_AT_RISK_DAYS}d`,
  no_touch_30: `No touch in ${DEFAULT_NO_TOUCH_DAYS}d`,
  renewals_90: `Renewals ≤${HOME_RENEWALS_DAYS}d`,
};
