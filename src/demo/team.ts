/** The demo CS organisation: 1 VP, 3 managers (each with a pod of CSMs), 20 CSMs and 1 admin, with fake Slack ids. */
import { createRng, deriveSeed } from './prng';
import type { TeamMemberRow } from './types';
import { FIRST_NAMES, LAST_NAMES, TIME_ZONES } from './vocab';

export const DEMO_EMAIL_DOMAIN = 'bellwether-demo.example';
export const DEMO_CSM_COUNT = 20;
export const DEMO_MANAGER_COUNT = 3;

export interface DemoTeam {
  members: TeamMemberRow[];
  /** in Slack-id order (U0CSM001 first) */
  csms: TeamMemberRow[];
}

const pad = (n: number) => String(n).padStart(3, '0');

export function buildTeam(seed: number, today: string): DemoTeam {
  const rng = createRng(deriveSeed(seed, 'team'));
  const updatedAt = `${today}T00:00:00.000Z`;
  const used = new Set<string>();
  const person = () => {
    for (;;) {
      const first = rng.pick(FIRST_NAMES);
      const last = rng.pick(LAST_NAMES);
      const email = `${first}.${last}@${DEMO_EMAIL_DOMAIN}`.toLowerCase();
      if (used.has(email)) continue;
      used.add(email);
      return { name: `${first} ${last}`, email };
    }
  };

  const vp = { ...person(), slackId: 'U0VP00001', role: 'vp' as const, managerEmail: null, timezone: 'America/New_York', updatedAt };
  // Pods by region so time zones vary the way real CS teams do.
  const podZones: readonly (readonly string[])[] = [
    ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'],
    ['Europe/London', 'Europe/Berlin', 'Europe/Amsterdam'],
    ['America/Los_Angeles', 'Asia/Singapore', 'Australia/Sydney'],
  ];
  const managers: TeamMemberRow[] = [];
  for (let m = 0; m < DEMO_MANAGER_COUNT; m++) {
    managers.push({ ...person(), slackId: `U0MGR${pad(m + 1)}`, role: 'manager', managerEmail: vp.email, timezone: podZones[m][0], updatedAt });
  }
  const csms: TeamMemberRow[] = [];
  for (let c = 0; c < DEMO_CSM_COUNT; c++) {
    const pod = c % DEMO_MANAGER_COUNT;
    csms.push({
      ...person(),
      slackId: `U0CSM${pad(c + 1)}`,
      role: 'csm',
      managerEmail: managers[pod].email,
      timezone: rng.pick(podZones[pod]),
      updatedAt,
    });
  }
  const admin = { ...person(), slackId: 'U0ADM001', role: 'admin' as const, managerEmail: vp.email, timezone: rng.pick(TIME_ZONES), updatedAt };
  return { members: [vp, ...managers, ...csms, admin], csms };
}
