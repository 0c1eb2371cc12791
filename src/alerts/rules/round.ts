/** Figures in alert text carry one decimal. */
export const round = (n: number) => Math.round(n * 10) / 10;
