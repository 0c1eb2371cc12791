/** Axis and label money on the charts: the one compact money format (src/domain/format.ts). */
export { money as compactMoney } from '../domain/format';
