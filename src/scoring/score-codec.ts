/**
 * A score as a compact row and back: numbers only. Component points and scores are tenths in their own
 * columns; the ranked drivers are packed into one small blob (kind code, severity, variant, points, figures).
 * Weights, effective weights, the quadrant, reasons and actions are rendered from the scoring config on read,
 * with the same code the scorer uses, so a stored score reads as it did when computed (under the same config).
 *
 * Driver blob, per driver: kind (1 byte, index in DRIVER_IDS), severity << 4 | variant (1 byte), points in
 * tenths (zigzag varint), figure count (1 byte), then each figure as a tagged varint: 2·zigzag(n) for an
 * integer, 1 for null, 3 followed by 8 bytes (float64 LE) for any other number.
 */
import type { HealthScoreRow, NewHealthScoreRow } from '../../db/schema';
import { addDays } from '../lib/dates';
import type { ScoringConfig } from '../config/sections/scoring';
import { DRIVER_ACTIONS, DRIVER_IDS, DRIVER_SEVERITIES, type DriverFigures, type DriverId, VARIANT, parseReason, renderReason } from './driver-text';
import { figuresOf } from './drivers';
import { quadrantFor } from './expansion';
import { weightsFor } from './score-account';
import { COMPONENTS, type ComponentId, type Components, type Driver, type Quadrant, type Tier } from './types';

/** What a stored score holds, rendered (the scorer's ScoredAccount without sub-scores, name and ARR). */
export interface StoredScore {
  accountId: string;
  asOf: string;
  score: number;
  tier: Tier;
  coverage: number;
  expansion: number;
  quadrant: Quadrant;
  onboarding: boolean;
  /** per component: score, configured weight, effective weight and points (no sub-scores: those are not stored) */
  components: Components;
  drivers: Driver[];
}

/** The part of a scored account that is stored (the quadrant is derived from score and expansion). */
export interface ScoreToStore extends Omit<StoredScore, 'quadrant' | 'components' | 'drivers'> {
  components: Partial<Record<ComponentId, { score: number | null; contribution: number }>>;
  drivers: readonly Driver[];
}

const tenths = (x: number): number => Math.round(x * 10);
const tenthsOrNull = (x: number | null | undefined): number | null => (x == null ? null : tenths(x));
const r1 = (x: number): number => Math.round(x * 10) / 10;

export function encodeScore(s: ScoreToStore, onUnknownDriver?: (id: string) => void): NewHealthScoreRow {
  const c = s.components;
  return {
    accountId: s.accountId,
    asOf: s.asOf,
    score: s.score,
    tier: s.tier,
    coverage: Math.round(s.coverage * 1000),
    expansion: Math.round(s.expansion * 100),
    onboarding: s.onboarding,
    usagePts: tenths(c.usage?.contribution ?? 0),
    engagementPts: tenths(c.engagement?.contribution ?? 0),
    supportPts: tenths(c.support?.contribution ?? 0),
    financialPts: tenths(c.financial?.contribution ?? 0),
    usageScore: tenthsOrNull(c.usage?.score),
    engagementScore: tenthsOrNull(c.engagement?.score),
    supportScore: tenthsOrNull(c.support?.score),
    financialScore: tenthsOrNull(c.financial?.score),
    drivers: encodeDrivers(s.drivers, s.asOf, onUnknownDriver),
  };
}

/** Everything a stored row needs besides itself to read as words: the config, the account's segment, signal details. */
export interface DecodeContext {
  config: ScoringConfig;
  segment: string | null;
  /** the detail text of the account's latest signal of this kind on this day */
  signalDetail(kind: string, day: string): string | null;
}

export function decodeScore(row: HealthScoreRow, ctx: DecodeContext): StoredScore {
  const weights = weightsFor(ctx.segment, ctx.config);
  const scores: Record<ComponentId, number | null> = {
    usage: row.usageScore,
    engagement: row.engagementScore,
    support: row.supportScore,
    financial: row.financialScore,
  };
  const pts: Record<ComponentId, number> = { usage: row.usagePts, engagement: row.engagementPts, support: row.supportPts, financial: row.financialPts };
  let present = 0;
  for (const c of COMPONENTS) if (scores[c] != null) present += weights[c];
  // A scored row with data (coverage > 0) always has a component with a score; none means the row was
  // written without a breakdown (as JSON-era rows with '{}' were): readers then show none, as before.
  const components = {} as Components;
  const withoutBreakdown = present === 0 && row.coverage > 0;
  for (const c of withoutBreakdown ? [] : COMPONENTS) {
    const v = scores[c];
    components[c] = {
      score: v == null ? null : v / 10,
      weight: weights[c],
      effectiveWeight: v == null || present === 0 ? 0 : r1((weights[c] / present) * 100),
      contribution: pts[c] / 10,
    };
  }
  const expansion = row.expansion / 100;
  return {
    accountId: row.accountId,
    asOf: row.asOf,
    score: row.score,
    tier: row.tier as Tier,
    coverage: row.coverage / 1000,
    expansion,
    quadrant: quadrantFor(row.score, expansion),
    onboarding: row.onboarding,
    components,
    drivers: renderDrivers(decodeDrivers(row.drivers), row.asOf, row.score, ctx),
  };
}

/** A driver as stored: no words. */
export interface PackedDriver {
  id: DriverId;
  severity: Driver['severity'];
  points: number;
  figures: DriverFigures;
}

/** The drivers' words from their figures (see renderReason). */
export function renderDrivers(packed: readonly PackedDriver[], asOf: string, score: number, ctx: Omit<DecodeContext, 'segment'>): Driver[] {
  return packed.map((p) => {
    const detail = p.figures.variant === VARIANT.signalWithDetail ? ctx.signalDetail(p.id, addDays(asOf, -(p.figures.figures[0] ?? 0))) : undefined;
    return {
      id: p.id,
      severity: p.severity,
      reason: renderReason(p.id, p.figures, { asOf, score, thresholds: ctx.config.drivers, detail }),
      action: DRIVER_ACTIONS[p.id],
      points: p.points,
    };
  });
}

const CODE = new Map<string, number>(DRIVER_IDS.map((id, i) => [id, i]));
const SEVERITY_CODE = new Map<string, number>(DRIVER_SEVERITIES.map((s, i) => [s, i]));

/**
 * Pack drivers. A driver the scorer built carries its figures; any other (a migrated row, a test fixture) has
 * them read back from its text, and one whose text does not follow its template keeps only its label.
 * Unknown kinds cannot be stored: they are reported and left out.
 */
export function encodeDrivers(drivers: readonly Driver[], asOf: string, onUnknown?: (id: string) => void): Buffer | null {
  if (drivers.length === 0) return null;
  const out = new Writer();
  for (const d of drivers) {
    const code = CODE.get(d.id);
    if (code === undefined) {
      onUnknown?.(d.id);
      continue;
    }
    const id = d.id as DriverId;
    const f = figuresOf(d) ?? parseReason(id, d.reason, asOf) ?? { variant: VARIANT.unread, figures: [] };
    out.byte(code);
    out.byte(((SEVERITY_CODE.get(d.severity) ?? 0) << 4) | f.variant);
    out.varint(zigzag(tenths(d.points)));
    out.byte(f.figures.length);
    for (const x of f.figures) out.figure(x);
  }
  return out.length ? out.done() : null;
}

export function decodeDrivers(buf: Uint8Array | null | undefined): PackedDriver[] {
  if (!buf || buf.length === 0) return [];
  const r = new Reader(buf);
  const out: PackedDriver[] = [];
  while (!r.end()) {
    const id = DRIVER_IDS[r.byte()];
    const sv = r.byte();
    const points = unzigzag(r.varint()) / 10;
    const n = r.byte();
    const figures: (number | null)[] = [];
    for (let i = 0; i < n; i++) figures.push(r.figure());
    if (!id) throw new Error('health_scores.drivers: unknown driver code (written by a newer version?)');
    out.push({ id, severity: DRIVER_SEVERITIES[sv >> 4] ?? 'warning', points, figures: { variant: sv & 15, figures } });
  }
  return out;
}

const zigzag = (n: number): number => (n >= 0 ? n * 2 : -n * 2 - 1);
const unzigzag = (u: number): number => (u % 2 === 0 ? u / 2 : -(u + 1) / 2);
const INT_LIMIT = 2 ** 40;

class Writer {
  private buf = Buffer.allocUnsafe(64);
  length = 0;
  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }
  byte(b: number): void {
    this.room(1);
    this.buf[this.length++] = b;
  }
  varint(u: number): void {
    this.room(8);
    while (u >= 128) {
      this.buf[this.length++] = (u % 128) | 128;
      u = Math.floor(u / 128);
    }
    this.buf[this.length++] = u;
  }
  figure(x: number | null): void {
    if (x == null) {
      this.varint(1);
      return;
    }
    if (Number.isInteger(x) && Math.abs(x) < INT_LIMIT && !Object.is(x, -0)) {
      this.varint(zigzag(x) * 2);
      return;
    }
    this.varint(3);
    this.room(8);
    this.buf.writeDoubleLE(x, this.length);
    this.length += 8;
  }
  done(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.length));
  }
}

class Reader {
  private at = 0;
  constructor(private readonly buf: Uint8Array) {}
  end(): boolean {
    return this.at >= this.buf.length;
  }
  byte(): number {
    if (this.at >= this.buf.length) throw new Error('health_scores.drivers: truncated');
    return this.buf[this.at++];
  }
  varint(): number {
    let u = 0;
    let mul = 1;
    for (;;) {
      const b = this.byte();
      u += (b & 127) * mul;
      if (b < 128) return u;
      mul *= 128;
    }
  }
  figure(): number | null {
    const t = this.varint();
    if (t === 1) return null;
    if (t === 3) {
      const v = Buffer.from(this.buf.buffer, this.buf.byteOffset + this.at, 8).readDoubleLE(0);
      this.at += 8;
      return v;
    }
    return unzigzag(t / 2);
  }
}
