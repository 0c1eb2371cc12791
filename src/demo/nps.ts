/**
 * NPS survey responses: relationship-survey waves (~80 and ~170 days ago, then every 120 days back through the
 * history) plus a 30-day onboarding survey. Detractors concentrate where the account was in trouble at the
 * time (story.ts); "NPS drop" accounts answered high before and low lately.
 */
import { addDays, daysBetween } from '../lib/dates';
import { type IdSource, instantOn } from './ids';
import type { Rng } from './prng';
import { baseBand, trouble } from './story';
import type { AccountPlan, Band, NpsRow } from './types';
import { NPS_COMMENTS } from './vocab';

/** share of promoters (9–10), passives (7–8), detractors (0–6) */
const MIX: Record<Band, readonly [number, number, number]> = {
  thriving: [80, 18, 2],
  healthy: [55, 35, 10],
  neutral: [25, 45, 30],
  at_risk: [8, 32, 60],
  critical: [3, 22, 75],
  churned: [5, 25, 70],
};
const WAVE_AGES = [170, 80];
/** older waves, every this many days before the first of WAVE_AGES */
const WAVE_EVERY = 120;
const RESPONSE_RATE = 0.5;

function scoreFor(rng: Rng, band: Band): number {
  const kind = rng.weighted([
    ['promoter', MIX[band][0]],
    ['passive', MIX[band][1]],
    ['detractor', MIX[band][2]],
  ] as const);
  if (kind === 'promoter') return rng.int(9, 10);
  if (kind === 'passive') return rng.int(7, 8);
  return rng.weighted([
    [0, 1],
    [1, 1],
    [2, 2],
    [3, 3],
    [4, 4],
    [5, 5],
    [6, 6],
  ] as const);
}

function commentFor(rng: Rng, score: number): string | null {
  if (!rng.chance(0.5)) return null;
  return rng.pick(score >= 9 ? NPS_COMMENTS.promoter : score >= 7 ? NPS_COMMENTS.passive : NPS_COMMENTS.detractor);
}

export function npsRows(plan: AccountPlan, today: string, rng: Rng, nextId: IdSource, historyDays = 180): NpsRow[] {
  // A drop is one person's answers moving; other respondents would blur it.
  const respondents = plan.npsDrop ? 1 : plan.segment === 'Enterprise' ? rng.int(1, 3) : plan.segment === 'Pro' ? rng.int(1, 2) : 1;
  const lastDay = plan.churnedOn ? addDays(plan.churnedOn, -1) : addDays(today, -1);
  const answers: { day: string; score: number }[] = [];
  const jitter = rng.int(0, 20);
  // Relationship-survey waves every WAVE_EVERY days back through the history (the two latest as before).
  const ages = [...WAVE_AGES];
  for (let age = WAVE_AGES[0] + WAVE_EVERY; age + jitter <= historyDays; age += WAVE_EVERY) ages.unshift(age);
  const waves = ages.map((age) => addDays(today, -(age + jitter)));
  if (plan.lifecycle === 'onboarding' && daysBetween(plan.signupDate, today) > 35) waves.push(addDays(plan.signupDate, 30));
  const base = baseBand(plan);
  waves.forEach((waveDay, w) => {
    if (waveDay < plan.signupDate || waveDay > lastDay) return;
    const latest = w === waves.length - 1;
    // In trouble at the time (a churner's lead-up, a dip, today's troubled accounts lately): mostly detractors.
    const t = trouble(plan, daysBetween(waveDay, today), 'nps');
    const band: Band = t > 0.3 ? 'critical' : base;
    for (let r = 0; r < respondents; r++) {
      const answered = addDays(waveDay, rng.int(0, 6)); // people answer over the following week
      const day = answered > lastDay ? lastDay : answered;
      if (plan.npsDrop && r === 0) {
        // Guaranteed answers so the drop is visible: a promoter score, then a detractor.
        answers.push({ day, score: latest ? rng.int(2, 5) : rng.int(9, 10) });
      } else if (rng.chance(RESPONSE_RATE)) {
        answers.push({ day, score: scoreFor(rng, band) });
      }
    }
  });
  // Trouble between waves still reaches NPS: a pulse survey or a support follow-up answered by a detractor.
  for (const d of plan.story?.dips ?? []) {
    if (!d.channels.nps || !rng.chance(0.7)) continue;
    const day = addDays(today, -(d.startAge - d.fall - rng.int(0, d.hold)));
    if (day >= plan.signupDate && day <= lastDay) answers.push({ day, score: scoreFor(rng, 'critical') });
  }
  answers.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  return answers.map(({ day, score }) => ({
    id: nextId('NPS'),
    accountId: plan.id,
    respondedAt: instantOn(day, rng),
    score,
    comment: commentFor(rng, score),
  }));
}
