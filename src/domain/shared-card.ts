/**
 * What a card shared in a channel ("Share in channel") shows: each field group on or off. The defaults keep
 * money, people's names and the quadrant private; an admin changes them with slack.sharedCard.
 */
export interface SharedCardFields {
  /** ARR, booked expansion and every other money figure */
  arr: boolean;
  /** people's names: the owner, who acknowledged, and the last touch's outcome and next step (free text) */
  contacts: boolean;
  /** the health × expansion quadrant ("Churn Candidate", …) */
  quadrant: boolean;
  drivers: boolean;
  renewal: boolean;
  usage: boolean;
  support: boolean;
  alert: boolean;
}

export const SHARED_CARD_DEFAULTS: Readonly<SharedCardFields> = {
  arr: false,
  contacts: false,
  quadrant: false,
  drivers: true,
  renewal: true,
  usage: true,
  support: true,
  alert: true,
};
